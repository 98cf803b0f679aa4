import { describe, expect, test } from 'vitest';
import type { PipelineGraph } from './graph-types';
import { uploadVersionIds, withUploadVersions } from './upload-refs';

const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, version: 1, params, position: { x: 0, y: 0 } });
const graph = {
  nodes: [
    node('left', 'dataset', { dataset: { source: 'upload', datasetVersionId: 'v-1' } }),
    node('right', 'dataset', { dataset: { source: 'upload', datasetVersionId: 'v-2' }, sample: 'first' }),
    node('again', 'dataset', { dataset: { source: 'upload', datasetVersionId: 'v-1' } }),
    node('sample', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }),
    node('split', 'split', { testFraction: 0.2 }),
  ],
  edges: [],
} as unknown as PipelineGraph;

describe('upload references of a graph', () => {
  test('lists each uploaded version once, leaving samples out', () => {
    expect(uploadVersionIds(graph)).toEqual(['v-1', 'v-2']);
  });

  test('points Dataset nodes at replacement versions, keeping their other settings and every other node', () => {
    const rewritten = withUploadVersions(graph, new Map([['v-1', 'w-1'], ['v-2', 'w-2']]));
    expect(uploadVersionIds(rewritten)).toEqual(['w-1', 'w-2']);
    expect(rewritten.nodes[1]!.params).toEqual({ dataset: { source: 'upload', datasetVersionId: 'w-2' }, sample: 'first' });
    expect(rewritten.nodes.slice(3)).toEqual(graph.nodes.slice(3));
    expect(withUploadVersions(graph, new Map([['v-2', 'w-2']])).nodes[0]).toBe(graph.nodes[0]);
  });
});
