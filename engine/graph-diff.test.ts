import { describe, expect, it } from 'vitest';
import { diffGraphs, findConflicts, mergeGraphs } from './graph-diff';
import type { GraphEdge, GraphNode, PipelineGraph } from './graph-types';

const node = (id: string, params: Record<string, unknown> = {}, x = 0): GraphNode => ({ id, type: 'impute', version: 1, params, position: { x, y: 0 } });
const edge = (source: string, target: string): GraphEdge => ({ id: `${source}-${target}`, source, sourcePort: 'out', target, targetPort: 'in' });

const base: PipelineGraph = {
  nodes: [node('a'), node('b', { strategy: 'mean' }), node('c')],
  edges: [edge('a', 'b'), edge('b', 'c')],
};

const withNode = (g: PipelineGraph, id: string, patch: Partial<GraphNode>): PipelineGraph => ({
  ...g,
  nodes: g.nodes.map((n) => (n.id === id ? { ...n, ...patch } : n)),
});

describe('diffGraphs', () => {
  it('finds added, removed, re-configured, re-wired and moved nodes', () => {
    const after: PipelineGraph = {
      nodes: [node('a', {}, 50), node('b', { strategy: 'median' }), node('c'), node('d')],
      edges: [edge('a', 'b'), edge('a', 'c'), edge('c', 'd')],
    };
    expect(diffGraphs(base, after)).toEqual({
      added: ['d'],
      removed: [],
      changed: [
        { id: 'b', params: ['strategy'], rewired: false },
        { id: 'c', params: [], rewired: true },
      ],
      moved: ['a'],
    });
    expect(diffGraphs(after, base).removed).toEqual(['d']);
  });

  it('compares parameter values by content, not key order, and reports label and type changes', () => {
    const a = { nodes: [node('x', { cols: { p: 1, q: [1, 2] } })], edges: [] };
    const b = { nodes: [{ ...node('x', { cols: { q: [1, 2], p: 1 } }) }], edges: [] };
    expect(diffGraphs(a, b)).toEqual({ added: [], removed: [], changed: [], moved: [] });
    const c = { nodes: [{ ...node('x', { cols: { p: 1, q: [1, 2] } }), label: 'Fill gaps', version: 2 }], edges: [] };
    expect(diffGraphs(a, c).changed).toEqual([{ id: 'x', params: ['label', 'type'], rewired: false }]);
  });
});

describe('mergeGraphs', () => {
  it("takes each side's non-conflicting changes", () => {
    const mine = { ...withNode(base, 'b', { params: { strategy: 'median' } }), nodes: [...withNode(base, 'b', { params: { strategy: 'median' } }).nodes, node('m')] };
    const theirs: PipelineGraph = { nodes: [node('a'), node('b', { strategy: 'mean' }), node('t')], edges: [edge('a', 'b'), edge('b', 't')] };
    expect(findConflicts(base, mine, theirs)).toEqual([]);
    const merged = mergeGraphs(base, mine, theirs);
    expect(merged.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'm', 't']);
    expect(merged.nodes.find((n) => n.id === 'b')!.params).toEqual({ strategy: 'median' });
    // c was deleted by theirs and untouched by mine: gone, with its connection.
    expect(merged.edges.map((e) => e.id).sort()).toEqual(['a-b', 'b-t']);
  });

  it('lets the user pick a side for nodes both changed, including a delete against an edit', () => {
    const mine = withNode(withNode(base, 'b', { params: { strategy: 'median' } }), 'c', { params: { strategy: 'mode' } });
    const theirs: PipelineGraph = { nodes: [node('a'), node('b', { strategy: 'constant' })], edges: [edge('a', 'b')] };
    expect(findConflicts(base, mine, theirs).map((c) => c.id).sort()).toEqual(['b', 'c']);

    const keepMine = mergeGraphs(base, mine, theirs);
    expect(keepMine.nodes.find((n) => n.id === 'b')!.params).toEqual({ strategy: 'median' });
    expect(keepMine.nodes.find((n) => n.id === 'c')!.params).toEqual({ strategy: 'mode' });
    expect(keepMine.edges.map((e) => e.id).sort()).toEqual(['a-b', 'b-c']);

    const mixed = mergeGraphs(base, mine, theirs, { b: 'theirs', c: 'theirs' });
    expect(mixed.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(mixed.nodes[1]!.params).toEqual({ strategy: 'constant' });
    expect(mixed.edges.map((e) => e.id)).toEqual(['a-b']);
  });

  it('treats identical changes on both sides as no conflict, and never conflicts on a move', () => {
    const mine = withNode(withNode(base, 'b', { params: { strategy: 'median' } }), 'a', { position: { x: 10, y: 0 } });
    const theirs = withNode(withNode(base, 'b', { params: { strategy: 'median' } }), 'c', { position: { x: 0, y: 99 } });
    expect(findConflicts(base, mine, theirs)).toEqual([]);
    const merged = mergeGraphs(base, mine, theirs);
    expect(merged.nodes.find((n) => n.id === 'a')!.position).toEqual({ x: 10, y: 0 });
    expect(merged.nodes.find((n) => n.id === 'c')!.position).toEqual({ x: 0, y: 99 });
  });

  it('merges re-wiring: each node keeps the inputs of the side that changed them', () => {
    const mine: PipelineGraph = { ...base, edges: [edge('a', 'b'), edge('a', 'c')] };
    const theirs: PipelineGraph = { ...base, nodes: [...base.nodes, node('d')], edges: [...base.edges, edge('c', 'd')] };
    const merged = mergeGraphs(base, mine, theirs);
    expect(merged.edges.map((e) => e.id).sort()).toEqual(['a-b', 'a-c', 'c-d']);
  });

  it("keeps the settings of the side that changed them", () => {
    const mine = { ...base, settings: { sample: { mode: 'head' as const, rows: 50 } } };
    expect(mergeGraphs(base, mine, base).settings).toEqual(mine.settings);
    expect(mergeGraphs(base, base, mine).settings).toEqual(mine.settings);
  });
});
