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
let reads = 0;
/** checkStart with `ctx` as the schemas, counting how often they are read. */
const check = (graph: PipelineGraph, tag: string, ctx: SchemaContext, identities: DatasetIdentities) => checkStart(graph, tag, identities, async () => (reads++, ctx));

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
  test('equal a fresh check, and are kept for the same graph revision and datasets', async () => {
    const graph = penguinsChain();
    const first = await check(graph, 'pipeline p1@3', schemas, sampleIdentities('sha-1'));
    expect(first.problems).toEqual(analyzeGraph(graph, schemas).problems);
    expect(first.keys).toEqual(startKeys(graph, sampleIdentities('sha-1')));
    const readsBefore = reads;
    expect(await check(penguinsChain(), 'pipeline p1@3', schemas, sampleIdentities('sha-1'))).toBe(first);
    // A kept check reads no schemas (for uploads, a query).
    expect(reads).toBe(readsBefore);
  });

  test('are worked out again for another revision or another content of a dataset', async () => {
    const graph = penguinsChain();
    const first = await check(graph, 'pipeline p2@1', schemas, sampleIdentities('sha-1'));
    const edited = await check(graph, 'pipeline p2@2', schemas, sampleIdentities('sha-1'));
    expect(edited).not.toBe(first);
    expect(edited.keys).toEqual(first.keys);
    const newData = await check(graph, 'pipeline p2@1', schemas, sampleIdentities('sha-2'));
    expect(newData).not.toBe(first);
    expect(newData.keys.get('load')).not.toBe(first.keys.get('load'));
  });

  test('see an upload deleted since the last start of the same revision', async () => {
    const versionId = '00000000-0000-4000-8000-000000000001';
    const before = uploadHost(versionId, true);
    expect((await check(before.graph, 'pipeline p3@1', before.schemas, before.identities)).problems).toEqual([]);
    const after = uploadHost(versionId, false);
    const { problems } = await check(after.graph, 'pipeline p3@1', after.schemas, after.identities);
    expect(problems.map((p) => p.nodeId)).toContain('load');
  });

  test('are not kept for a graph reading a URL, whose columns can change between fetches', async () => {
    const graph = buildChain([['fetch', 'fetch-url', { url: 'https://example.com/data.csv', format: 'csv' }]]);
    const urlSchemas: SchemaContext = { datasetSchema: () => undefined };
    const first = await check(graph, 'pipeline p4@1', urlSchemas, sampleIdentities('sha-1'));
    expect(await check(graph, 'pipeline p4@1', urlSchemas, sampleIdentities('sha-1'))).not.toBe(first);
  });
});
