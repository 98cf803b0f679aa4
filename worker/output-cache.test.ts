import { describe, expect, test } from 'vitest';
import { computeContentKeys, type DatasetIdentities } from '../engine/content-key';
import type { PipelineGraph } from '../engine/graph-types';
import { buildChain, penguinsChain } from '../engine/testing/fixtures';
import { outputsChecksum, planStartReuse, settledKey, startKeys } from './output-cache';

const identities: DatasetIdentities = { identifyDataset: (ref) => (ref.source === 'sample' ? `sample:${ref.name}:sha-1` : undefined) };

/** Fetch → filter, joined with a sample-fed branch: URL-dependent and static nodes side by side. */
function mixedGraph(url = 'https://example.com/data.csv'): PipelineGraph {
  const graph = buildChain([
    ['fetch', 'fetch-url', { url, format: 'csv' }],
    ['keep', 'filter', { conditions: [] }],
  ]);
  const sample = penguinsChain();
  return { nodes: [...graph.nodes, ...sample.nodes], edges: [...graph.edges, ...sample.edges] };
}

describe('run content keys', () => {
  test('cover the full data: the same function as previews, without a sample, so no preview key is ever a run key', () => {
    const graph = penguinsChain();
    const run = startKeys(graph, identities);
    expect(run).toEqual(computeContentKeys(graph, identities));
    const preview = computeContentKeys(graph, identities, { mode: 'head', rows: 1000 });
    for (const n of graph.nodes) expect(run.get(n.id), n.id).not.toBe(preview.get(n.id));
  });

  test('follow the dataset identity: a new checksum of the sample changes every key', () => {
    const graph = penguinsChain();
    const other: DatasetIdentities = { identifyDataset: (ref) => (ref.source === 'sample' ? `sample:${ref.name}:sha-2` : undefined) };
    const a = startKeys(graph, identities);
    const b = startKeys(graph, other);
    for (const n of graph.nodes) expect(a.get(n.id)).not.toBe(b.get(n.id));
  });

  test('a URL has no key before the run read it, nor does anything below it; the other branch is keyed', () => {
    const keys = startKeys(mixedGraph(), identities);
    expect(keys.get('fetch')).toBeNull();
    expect(keys.get('keep')).toBeNull();
    for (const id of ['load', 'split', 'train']) expect(keys.get(id)).toMatch(/^[0-9a-f]{64}$/);
  });

  test("once read, a Fetch node's key is its content's: same content, same key; new content, new key, for it and below", () => {
    const graph = mixedGraph();
    const known = new Map<string, string>();
    const first = settledKey(graph, 'fetch', known, outputsChecksum({ data: 'aa' }))!;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(settledKey(graph, 'fetch', known, outputsChecksum({ data: 'aa' }))).toBe(first);
    const changed = settledKey(graph, 'fetch', known, outputsChecksum({ data: 'bb' }))!;
    expect(changed).not.toBe(first);
    // Below it, keys come from the settled key, with no content of their own needed.
    const keep = settledKey(graph, 'keep', new Map([['fetch', first]]));
    expect(keep).toMatch(/^[0-9a-f]{64}$/);
    expect(settledKey(graph, 'keep', new Map([['fetch', changed]]))).not.toBe(keep);
    // Without a checksum (nothing read yet) there is still no key: it is never guessed.
    expect(settledKey(graph, 'fetch', known)).toBeNull();
    expect(settledKey(graph, 'keep', known)).toBeNull();
  });

  test('the same URL elsewhere with other content never shares a key; another URL with the same content does not either', () => {
    const sum = outputsChecksum({ data: 'aa' });
    const a = settledKey(mixedGraph('https://example.com/a.csv'), 'fetch', new Map(), sum);
    const b = settledKey(mixedGraph('https://example.com/b.csv'), 'fetch', new Map(), sum);
    expect(a).not.toBe(b);
  });

  test('a seeded step is deterministic, so its seed is part of its key', () => {
    const graph = penguinsChain();
    const reseeded = structuredClone(graph);
    reseeded.nodes.find((n) => n.id === 'split')!.params = { stratify: 'Species', seed: 99 };
    const a = startKeys(graph, identities);
    const b = startKeys(reseeded, identities);
    expect(b.get('load')).toBe(a.get('load'));
    for (const id of ['split', 'impute', 'train']) expect(b.get(id), id).not.toBe(a.get(id));
  });

  test('the outputs checksum does not depend on the order ports are listed in', () => {
    expect(outputsChecksum({ a: '1', b: '2' })).toBe(outputsChecksum({ b: '2', a: '1' }));
    expect(outputsChecksum({ a: '1', b: '2' })).not.toBe(outputsChecksum({ a: '2', b: '1' }));
  });
});

describe("a run's start takes from the stored outputs", () => {
  const storedFor = (keys: Map<string, string | null>, ids: string[]) => new Set(ids.map((id) => keys.get(id)!));
  const sorted = (list: Iterable<string>) => [...list].sort();
  const graph = mixedGraph();
  const keys = startKeys(graph, identities);

  test('every node whose key is stored and whose inputs are ready; the run is over when all are', () => {
    const chain = penguinsChain();
    const chainKeys = startKeys(chain, identities);
    const plan = planStartReuse(chain, chainKeys, new Set(), storedFor(chainKeys, chain.nodes.map((n) => n.id)));
    expect(plan).toMatchObject({ compute: [], allSucceeded: true });
    expect(sorted(plan.hits.keys())).toEqual(sorted(chain.nodes.map((n) => n.id)));
    expect(plan.hits.get('train')).toBe(chainKeys.get('train'));
  });

  test('a node without a stored output computes, and nothing below it is taken, though stored', () => {
    const plan = planStartReuse(graph, keys, new Set(), storedFor(keys, ['load', 'impute', 'encode']));
    expect(sorted(plan.hits.keys())).toEqual(['load']);
    // The URL branch has no keys yet: its first node computes; the sample branch stops at the missing split.
    expect(sorted(plan.compute)).toEqual(['fetch', 'split']);
    expect(plan.allSucceeded).toBe(false);
  });

  test('nodes taken from an earlier run (a rerun from a node) count as ready; the cache is not asked for them', () => {
    const plan = planStartReuse(graph, keys, new Set(['load', 'split']), storedFor(keys, ['impute', 'train']));
    expect(sorted(plan.hits.keys())).toEqual(['impute']);
    expect(sorted(plan.compute)).toEqual(['encode', 'fetch']);
  });
});
