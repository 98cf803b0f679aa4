import { describe, expect, it } from 'vitest';
import { computeContentKeys } from '../content-key';
import { resolveNodeParams } from '../node-params';
import { getNodeType } from '../registry';
import { sampleRows, tableSchema } from '../table-ops';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';

const def = getNodeType('dataset')!;
const upload = { source: 'upload', datasetVersionId: 'v1' } as const;
const stored = makeTable({ id: [1, 2, 3], score: ['?', '3.5', '4'], city: ['Oslo', 'Rome', 'Oslo'] });

describe('Dataset node read options', () => {
  it('maps the stored schema through missing tokens and overrides at edit time, as the run reads it', async () => {
    const params = def.params.parse({ dataset: upload, missingTokens: ['?'], types: [{ column: 'id', type: 'category' }, { column: 'city', type: 'skip' }] });
    const ctx = createTestContext({ v1: stored });
    const edit = def.outputSchema({}, params, ctx).data;
    expect(edit).toEqual({ kind: 'table', schema: { columns: [{ name: 'id', kind: 'category' }, { name: 'score', kind: 'number' }] } });
    const out = await def.run({}, params, ctx);
    expect(out.data.kind === 'table' && tableSchema(out.data.table).columns.map((c) => [c.name, c.kind])).toEqual([['id', 'category'], ['score', 'number']]);
    expect(out.data.kind === 'table' && sampleRows(out.data.table, 3)).toEqual([['1', null], ['2', 3.5], ['3', 4]]);
  });

  it("warns of a stand-in for no value ('.', '?') left as a category, naming the setting that reads it as missing", () => {
    const ctx = createTestContext({ v1: stored });
    const warnings = (params: Record<string, unknown>) => def.warnings!({}, def.params.parse(params), ctx);
    expect(warnings({ dataset: upload })).toEqual(["Dataset: column 'score' is read as text only because of '?': add it to 'Also read as missing' to read the column as numbers."]);
    expect(warnings({ dataset: upload, missingTokens: ['?'] })).toEqual([]);
    // The penguins sample writes an unknown sex as '.'; its example reads it as missing.
    const sample = { dataset: { source: 'sample', name: 'penguins' } };
    expect(warnings(sample)).toEqual(["Dataset: column 'Sex' holds '.', which usually means no value: add it to 'Also read as missing', or it becomes a category of its own."]);
    expect(warnings({ ...sample, missingTokens: ['.'] })).toEqual([]);
  });

  it('counts unreadable values in the run log', async () => {
    const ctx = createTestContext({ v1: stored });
    await def.run({}, def.params.parse({ dataset: upload, types: [{ column: 'city', type: 'number' }] }), ctx);
    expect(ctx.logs).toContain("Dataset: 3 values of 'city' are not a number (e.g. 'Oslo') and became missing. Clean them up first (e.g. with Impute or a Filter) if they should count.");
  });

  it('refuses a column listed twice', () => {
    const params = def.params.parse({ dataset: upload, types: [{ column: 'id', type: 'category' }, { column: 'id', type: 'skip' }] });
    expect(() => def.outputSchema({}, params, createTestContext({ v1: stored }))).toThrow("Dataset: column 'id' has two type overrides. Keep one of them.");
  });

  it('upgrades version-1 nodes, which read every column as detected', () => {
    const node = { id: 'd', type: 'dataset', version: 1, params: { dataset: upload }, position: { x: 0, y: 0 } };
    expect(resolveNodeParams(node, def)).toMatchObject({ ok: true, params: { dataset: upload, missingTokens: [], types: [] } });
  });

  it('gives new content keys when the read options change', () => {
    const graph = (params: Record<string, unknown>) => ({ nodes: [{ id: 'd', type: 'dataset', version: 2, params: { dataset: upload, ...params }, position: { x: 0, y: 0 } }], edges: [] });
    const host = { identifyDataset: () => 'upload:v1:sha' };
    const keyOf = (params: Record<string, unknown>) => computeContentKeys(graph(params), host).get('d');
    expect(keyOf({})).toBe(keyOf({ missingTokens: [], types: [] }));
    expect(keyOf({ missingTokens: ['?'] })).not.toBe(keyOf({}));
    expect(keyOf({ types: [{ column: 'id', type: 'category' }] })).not.toBe(keyOf({}));
  });
});
