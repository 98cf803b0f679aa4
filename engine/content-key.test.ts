import { describe, expect, it } from 'vitest';
import type { DatasetRef } from './define-node';
import { canonicalJson, computeContentKeys, createContentKeys, type DatasetIdentities } from './content-key';
import type { PipelineGraph } from './graph-types';
import { buildChain } from './testing/fixtures';

const checksums: Record<string, string> = { penguins: 'sha-a', cars: 'sha-c' };
const host = (sums = checksums): DatasetIdentities => ({
  identifyDataset: (ref: DatasetRef) => (ref.source === 'sample' && sums[ref.name] ? `sample:${ref.name}:${sums[ref.name]}` : undefined),
});

/** load → split → impute → scale, plus a sibling branch load → encode that must not move with scale. */
const graph = (): PipelineGraph => {
  const g = buildChain([
    ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
    ['split', 'split', { testFraction: 0.2, seed: 7 }],
    ['impute', 'impute', { strategy: 'mean' }],
    ['scale', 'standard-scale', {}],
  ]);
  g.nodes.push({ id: 'encode', type: 'one-hot', version: 1, params: { columns: ['Island'] }, position: { x: 0, y: 200 } });
  g.edges.push({ id: 'side', source: 'load', sourcePort: 'data', target: 'encode', targetPort: 'data' });
  return g;
};
const edit = (g: PipelineGraph, id: string, params: Record<string, unknown>) => {
  g.nodes.find((n) => n.id === id)!.params = params;
  return g;
};
const changed = (a: Map<string, string>, b: Map<string, string>) => [...a.keys()].filter((id) => a.get(id) !== b.get(id)).sort();

describe('content keys', () => {
  it('gives the same keys for the same graph, as 64-hex sha256, distinct per node', () => {
    const a = computeContentKeys(graph(), host());
    const b = computeContentKeys(graph(), host());
    expect(a).toEqual(b);
    expect([...a.values()].every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
    expect(new Set(a.values()).size).toBe(a.size);
  });

  it('ignores the order of param keys at every depth, and node positions and labels', () => {
    const g = edit(graph(), 'split', { seed: 7, testFraction: 0.2 });
    g.nodes.forEach((n, i) => Object.assign(n, { position: { x: i, y: -i }, label: `step ${i}` }));
    expect(computeContentKeys(g, host())).toEqual(computeContentKeys(graph(), host()));
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
  });

  it('treats omitted params like their explicit defaults', () => {
    const explicit = edit(graph(), 'scale', { columns: [] });
    expect(computeContentKeys(explicit, host())).toEqual(computeContentKeys(graph(), host()));
  });

  it('changes the edited node and all its descendants, not its siblings or ancestors', () => {
    const before = computeContentKeys(graph(), host());
    expect(changed(before, computeContentKeys(edit(graph(), 'split', { testFraction: 0.3, seed: 7 }), host()))).toEqual(['impute', 'scale', 'split']);
    expect(changed(before, computeContentKeys(edit(graph(), 'scale', { columns: ['Body Mass (g)'] }), host()))).toEqual(['scale']);
    expect(changed(before, computeContentKeys(edit(graph(), 'encode', { columns: ['Sex'] }), host()))).toEqual(['encode']);
  });

  it("leaves Train's 'Register on success as' name out, so naming the model reuses the trained one", () => {
    const withTrain = () => {
      const g = graph();
      g.nodes.push({ id: 'train', type: 'train', version: 2, params: { target: 'Species' }, position: { x: 0, y: 400 } });
      g.edges.push({ id: 'fit', source: 'split', sourcePort: 'data', target: 'train', targetPort: 'data' });
      return g;
    };
    const before = computeContentKeys(withTrain(), host());
    const named = edit(withTrain(), 'train', { target: 'Species', registerAs: 'penguin-species' });
    expect(changed(before, computeContentKeys(named, host()))).toEqual([]);
    expect(changed(before, computeContentKeys(edit(withTrain(), 'train', { target: 'Species', seed: 1 }), host()))).toEqual(['train']);
  });

  it('propagates a dataset checksum change to every node downstream of it', () => {
    const before = computeContentKeys(graph(), host());
    const after = computeContentKeys(graph(), host({ ...checksums, penguins: 'sha-b' }));
    expect(changed(before, after)).toEqual(['encode', 'impute', 'load', 'scale', 'split']);
  });

  it('changes with the sample spec, and not at all between identical specs', () => {
    const head = computeContentKeys(graph(), host(), { mode: 'head', rows: 1000 });
    expect(computeContentKeys(graph(), host(), { rows: 1000, mode: 'head' })).toEqual(head);
    expect(changed(head, computeContentKeys(graph(), host(), { mode: 'random', rows: 1000, seed: 1 }))).toHaveLength(5);
    expect(changed(head, computeContentKeys(graph(), host()))).toHaveLength(5);
  });

  it('changes with the rewiring of an input port', () => {
    const before = computeContentKeys(graph(), host());
    const g = graph();
    g.edges.find((e) => e.target === 'scale')!.source = 'split';
    expect(changed(before, computeContentKeys(g, host()))).toEqual(['scale']);
  });

  it('computes only the asked node and its ancestors, so a broken sibling does not matter', () => {
    const g = edit(graph(), 'encode', {});
    g.nodes.push({ id: 'other', type: 'dataset', version: 1, params: { dataset: { source: 'sample', name: 'gone' } }, position: { x: 0, y: 0 } });
    expect(createContentKeys(g, host())('scale')).toBe(computeContentKeys(graph(), host()).get('scale'));
    expect(() => createContentKeys(g, host())('other')).toThrow("Dataset: the sample 'gone' was not found. It may have been deleted; pick another dataset.");
  });

  it('names the node on a loop or a dangling connection', () => {
    const loop = graph();
    loop.edges.push({ id: 'back', source: 'scale', sourcePort: 'data', target: 'split', targetPort: 'extra' });
    expect(() => createContentKeys(loop, host())('scale')).toThrow('is part of a loop');
    const dangling = graph();
    dangling.edges.push({ id: 'x', source: 'ghost', sourcePort: 'data', target: 'impute', targetPort: 'data2' });
    expect(() => createContentKeys(dangling, host())('impute')).toThrow('A connection into Impute comes from a step that no longer exists.');
  });
});
