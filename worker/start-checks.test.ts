import { describe, expect, test } from 'vitest';
import type { DatasetIdentities } from '../engine/content-key';
import type { DatasetRef, SchemaContext } from '../engine/define-node';
import { analyzeGraph } from '../engine/graph';
import type { PipelineGraph } from '../engine/graph-types';
import { buildChain, createTestContext, loadSample, penguinsChain } from '../engine/testing/fixtures';
import { startKeys } from './output-cache';
import { checkStart } from './start-checks';

const sampleIdentities = (checksum: string): DatasetIdentities => ({ identifyDataset: (ref) => (ref.source === 'sample' ? `sample:${ref.name}:${checksum}` : undefined) });
const schemas = createTestContext();

/** The penguins chain reading upload `versionId`, with a host that knows that upload only while `present`. */
function uploadHost(versionId: string, present: boolean): { graph: PipelineGraph; schemas: SchemaContext; identities: DatasetIdentities } {
  const graph = penguinsChain();
  graph.nodes[0]!.params = { dataset: { source: 'upload', datasetVersionId: versionId } };
  const table = loadSample('penguins');
  const known = (ref: DatasetRef) => present && ref.source === 'upload' && ref.datasetVersionId === versionId;
  return {
    graph,
    schemas: createTestContext(present ? { [versionId]: table } : {}),
    identities: { identifyDataset: (ref) => (known(ref) ? `upload:${versionId}:blob-1` : undefined) },
  };
}

describe('checks at a run start', () => {
  test('equal a fresh check, and are kept for the same graph revision and datasets', () => {
    const graph = penguinsChain();
    const first = checkStart(graph, 'pipeline p1@3', schemas, sampleIdentities('sha-1'));
    expect(first.problems).toEqual(analyzeGraph(graph, schemas).problems);
    expect(first.keys).toEqual(startKeys(graph, sampleIdentities('sha-1')));
    expect(checkStart(penguinsChain(), 'pipeline p1@3', schemas, sampleIdentities('sha-1'))).toBe(first);
  });

  test('are worked out again for another revision or another content of a dataset', () => {
    const graph = penguinsChain();
    const first = checkStart(graph, 'pipeline p2@1', schemas, sampleIdentities('sha-1'));
    const edited = checkStart(graph, 'pipeline p2@2', schemas, sampleIdentities('sha-1'));
    expect(edited).not.toBe(first);
    expect(edited.keys).toEqual(first.keys);
    const newData = checkStart(graph, 'pipeline p2@1', schemas, sampleIdentities('sha-2'));
    expect(newData).not.toBe(first);
    expect(newData.keys.get('load')).not.toBe(first.keys.get('load'));
  });

  test('see an upload deleted since the last start of the same revision', () => {
    const versionId = '00000000-0000-4000-8000-000000000001';
    const before = uploadHost(versionId, true);
    expect(checkStart(before.graph, 'pipeline p3@1', before.schemas, before.identities).problems).toEqual([]);
    const after = uploadHost(versionId, false);
    const problems = checkStart(after.graph, 'pipeline p3@1', after.schemas, after.identities).problems;
    expect(problems.map((p) => p.nodeId)).toContain('load');
  });

  test('are not kept for a graph reading a URL, whose columns can change between fetches', () => {
    const graph = buildChain([['fetch', 'fetch-url', { url: 'https://example.com/data.csv', format: 'csv' }]]);
    const urlSchemas: SchemaContext = { datasetSchema: () => undefined };
    const first = checkStart(graph, 'pipeline p4@1', urlSchemas, sampleIdentities('sha-1'));
    expect(checkStart(graph, 'pipeline p4@1', urlSchemas, sampleIdentities('sha-1'))).not.toBe(first);
  });
});
