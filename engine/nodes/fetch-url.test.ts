import { describe, expect, it } from 'vitest';
import { readOptionsKey } from '../io/read-options';
import { resolveNodeParams } from '../node-params';
import { getNodeType } from '../registry';
import { sampleRows } from '../table-ops';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';

const def = getNodeType('fetch-url')!;
const url = 'https://example.com/zips.csv';
const fetched = makeTable({ zip: [2134, 10001], rating: ['?', '4'] });

describe('Fetch from URL read options', () => {
  it('reads with the same missing tokens and overrides as the Dataset node, at edit time and on run', async () => {
    const params = def.params.parse({ url, missingTokens: ['?'], types: [{ column: 'zip', type: 'category' }] });
    const ctx = createTestContext({ [url]: fetched });
    expect(def.outputSchema({}, params, ctx).data).toEqual({ kind: 'table', schema: { columns: [{ name: 'zip', kind: 'category' }, { name: 'rating', kind: 'number' }] } });
    const out = await def.run({}, params, ctx);
    expect(out.data.kind === 'table' && sampleRows(out.data.table, 2)).toEqual([['2134', null], ['10001', 4]]);
  });

  it('names itself when an override names a column the file does not have', () => {
    const params = def.params.parse({ url, types: [{ column: 'postcode', type: 'category' }] });
    expect(() => def.outputSchema({}, params, createTestContext({ [url]: fetched }))).toThrow("Fetch from URL: a type is set for column 'postcode', which the file does not have. Available columns: zip, rating.");
  });

  it('upgrades version-1 nodes, which read every column as detected', () => {
    const node = { id: 'f', type: 'fetch-url', version: 1, params: { url, format: 'csv' }, position: { x: 0, y: 0 } };
    expect(resolveNodeParams(node, def)).toMatchObject({ ok: true, params: { url, format: 'csv', missingTokens: [], types: [] } });
  });
});

describe('readOptionsKey', () => {
  it('is empty without options and equal for the same options in another order', () => {
    expect(readOptionsKey(undefined)).toBe('');
    expect(readOptionsKey({ missingTokens: [' '], types: {} })).toBe('');
    expect(readOptionsKey({ missingTokens: ['?', '.'], types: { a: 'skip', b: 'category' } })).toBe(readOptionsKey({ missingTokens: ['.', '?'], types: { b: 'category', a: 'skip' } }));
    expect(readOptionsKey({ types: { a: 'category' } })).not.toBe(readOptionsKey({ types: { a: 'number' } }));
  });
});
