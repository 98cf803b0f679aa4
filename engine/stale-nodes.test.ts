import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from './graph-types';
import { resolveNodeParams } from './node-params';
import { getNodeType } from './registry';
import { findStaleNodes } from './stale-nodes';
import { examplePipelines } from './samples/example-pipelines';

const penguins = () => structuredClone(examplePipelines.find((e) => e.name === 'penguins')!.graph) as PipelineGraph;
const stale = (ran: PipelineGraph, now: PipelineGraph) => Object.fromEntries(findStaleNodes(ran, now));
const node = (g: PipelineGraph, id: string) => g.nodes.find((n) => n.id === id)!;

describe('findStaleNodes', () => {
  it('finds nothing stale in the graph that ran, nor after moves, labels or preview settings', () => {
    const now = penguins();
    node(now, 'impute-1').position = { x: 999, y: 999 };
    node(now, 'impute-1').label = 'Fill gaps';
    now.settings = { sample: { mode: 'head', rows: 10_000 } };
    expect(stale(penguins(), now)).toEqual({});
  });

  it('treats params spelled out with their defaults like params left out', () => {
    const now = penguins();
    const resolved = resolveNodeParams(node(now, 'one-hot-1'), getNodeType('one-hot')!);
    if (!resolved.ok) throw new Error(resolved.messages.join());
    expect(Object.keys(resolved.params).length).toBeGreaterThan(Object.keys(node(now, 'one-hot-1').params).length);
    node(now, 'one-hot-1').params = resolved.params;
    expect(stale(penguins(), now)).toEqual({});
  });

  it("does not mark Train stale for its 'Register on success as' name, which acts after the run", () => {
    const now = penguins();
    node(now, 'train-1').params = { ...node(now, 'train-1').params, registerAs: 'penguin-species' };
    expect(stale(penguins(), now)).toEqual({});
    node(now, 'train-1').params = { ...node(now, 'train-1').params, seed: 7 };
    expect(stale(penguins(), now)).toEqual({ 'train-1': 'changed', 'evaluate-1': 'upstream' });
  });

  it('marks a re-configured node and everything downstream of it, not what is upstream', () => {
    const now = penguins();
    node(now, 'one-hot-1').params = { columns: ['Island'] };
    expect(stale(penguins(), now)).toEqual({ 'one-hot-1': 'changed', 'standard-scale-1': 'upstream', 'train-1': 'upstream', 'evaluate-1': 'upstream' });
  });

  it('marks a node whose wiring changed, and a node added since the run', () => {
    const now = penguins();
    // Evaluate now reads the imputed table instead of the scaled one.
    now.edges = now.edges.map((e) => (e.target === 'evaluate-1' && e.targetPort === 'data' ? { ...e, id: 'x', source: 'impute-1' } : e));
    now.nodes.push({ id: 'sort-1', type: 'sort', version: 1, params: {}, position: { x: 0, y: 400 } });
    now.edges.push({ id: 'y', source: 'dataset-1', sourcePort: 'data', target: 'sort-1', targetPort: 'data' });
    expect(stale(penguins(), now)).toEqual({ 'evaluate-1': 'changed', 'sort-1': 'added' });
  });

  it('does not mark the survivors when a node is deleted, unless they were wired to it', () => {
    const now = penguins();
    now.nodes = now.nodes.filter((n) => n.id !== 'evaluate-1');
    now.edges = now.edges.filter((e) => e.target !== 'evaluate-1');
    expect(stale(penguins(), now)).toEqual({});
    now.nodes = now.nodes.filter((n) => n.id !== 'impute-1');
    now.edges = now.edges.filter((e) => e.source !== 'impute-1' && e.target !== 'impute-1');
    expect(stale(penguins(), now)).toEqual({ 'one-hot-1': 'changed', 'standard-scale-1': 'upstream', 'train-1': 'upstream' });
  });

  it('ends on a loop instead of recursing forever', () => {
    const now = penguins();
    now.edges.push({ id: 'loop', source: 'evaluate-1', sourcePort: 'metrics', target: 'split-1', targetPort: 'data' });
    expect(stale(penguins(), now)['split-1']).toBe('changed');
  });
});
