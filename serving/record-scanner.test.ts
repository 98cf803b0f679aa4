import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../engine/define-node';
import type { InputColumn } from '../engine/training/record-predictor';
import { compileRecordScanner } from './record-scanner';
import { validatePredictBody } from './record-validation';

const inputs = [
  { name: 'Island', kind: 'text' },
  { name: 'Beak Length (mm)', kind: 'num' },
  { name: 'Sex', kind: 'text' },
  { name: 'Body Mass (g)', kind: 'num' },
] as const;
const model = {
  target: 'Species',
  inputSchema: {
    columns: [
      { name: 'Island', kind: 'category', categories: ['Biscoe', 'Dream', 'Torgersen'] },
      { name: 'Beak Length (mm)', kind: 'number' },
      // Beside text, booleans of a JSON upload, read as 'true' and 'false': a record may send them as true/false.
      { name: 'Sex', kind: 'category', categories: ['MALE', 'FEMALE', 'true', 'false'] },
      { name: 'Body Mass (g)', kind: 'number' },
    ],
  },
} as ModelValue;
const MAX = 50;
const scan = compileRecordScanner(inputs, model);

/** What the general path reads from the same body (JSON.parse, validation, the predictor's value rules), or null where it refuses it. */
function generalPath(body: string): InputColumn[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const checked = validatePredictBody(parsed, model, MAX);
  if ('errors' in checked) return null;
  return inputs.map((c) =>
    c.kind === 'num'
      ? Float64Array.from(checked.records, (r) => (typeof r[c.name] === 'number' ? (r[c.name] as number) : NaN))
      : checked.records.map((r) => (typeof r[c.name] === 'string' ? (r[c.name] as string) : typeof r[c.name] === 'boolean' ? String(r[c.name]) : null)),
  );
}

/** The scanner either reads exactly what the general path reads, or leaves the body to it. */
function expectAgreement(body: string): ReturnType<typeof scan> {
  const fast = scan(Buffer.from(body, 'utf8'), MAX);
  if (fast === null) return null;
  const slow = generalPath(body);
  expect(slow, `the general path refuses ${body}, which the scanner read`).not.toBeNull();
  expect(fast.rows).toBe((slow![0] as unknown[]).length);
  fast.columns.forEach((column, i) => {
    const expected = slow![i]!;
    for (let r = 0; r < fast.rows; r++) expect(Object.is(column[r], expected[r]), `${body}: column ${i}, record ${r}: ${column[r]} vs ${expected[r]}`).toBe(true);
  });
  return fast;
}

const record = (island: string, beak: string, sex: string, mass: string) => `{"Island":${island},"Beak Length (mm)":${beak},"Sex":${sex},"Body Mass (g)":${mass}}`;

describe('record scanner', () => {
  it.each([
    ['one record', `{"records":[${record('"Biscoe"', '39.1', '"MALE"', '3750')}]}`],
    ['nulls and booleans', `{"records":[${record('null', 'null', 'true', '-0')},${record('"Dream"', '-1.5e2', 'false', '0')}]}`],
    ['whitespace everywhere', ` \r\n{ "records" :\t[ { "Sex" : "FEMALE" , "Island":"Dream","Body Mass (g)" : 3.5E+3 ,"Beak Length (mm)":40 } ] }\n`],
    ['columns in another order, the target included', `{"records":[{"Species":"Adelie","Body Mass (g)":1,"Sex":"MALE","Beak Length (mm)":2,"Island":"Biscoe"},{"Island":"Biscoe","Species":null,"Beak Length (mm)":2,"Sex":"MALE","Body Mass (g)":1}]}`],
    ['non-ASCII text', `{"records":[${record('"Île Ørsted ✓"', '1', '"MÂLE"', '2')}]}`],
    ['long text, not cached', `{"records":[${record(`"${'x'.repeat(200)}"`, '1', '"M"', '2')}]}`],
  ])('reads %s as the general path does', (_, body) => {
    expect(expectAgreement(body)).not.toBeNull();
  });

  it('reads many records, with texts repeated across them', () => {
    const islands = ['"Biscoe"', '"Dream"', '"Torgersen"', 'null'];
    const sexes = ['"MALE"', '"FEMALE"', 'null'];
    const body = `{"records":[${Array.from({ length: MAX }, (_, i) => record(islands[i % 4]!, String(30 + i / 7), sexes[i % 3]!, String(3000 + i * 25))).join(',')}]}`;
    expect(expectAgreement(body)?.rows).toBe(MAX);
    expect(expectAgreement(body)?.columns[0]).toEqual(Array.from({ length: MAX }, (_, i) => [...islands.slice(0, 3).map((s) => JSON.parse(s)), null][i % 4]));
  });

  it.each([
    ['an escape in a text', `{"records":[${record('"Bis\\u0063oe"', '1', '"MALE"', '2')}]}`],
    ['an escaped key', `{"records":[{"\\u0049sland":"Biscoe","Beak Length (mm)":1,"Sex":"MALE","Body Mass (g)":2}]}`],
    ['a missing column', `{"records":[{"Island":"Biscoe","Beak Length (mm)":1,"Sex":"MALE"}]}`],
    ['a repeated column', `{"records":[{"Island":"Biscoe","Island":"Dream","Beak Length (mm)":1,"Sex":"MALE","Body Mass (g)":2}]}`],
    ['a repeated column standing in for a missing one', `{"records":[{"Island":"Biscoe","Island":"Dream","Beak Length (mm)":1,"Sex":"MALE"}]}`],
    ['an unknown column', `{"records":[{"Island":"Biscoe","Beak Length (mm)":1,"Sex":"MALE","Body Mass (g)":2,"Colour":"red"}]}`],
    ['text in a number column', `{"records":[${record('"Biscoe"', '"1"', '"MALE"', '2')}]}`],
    ['a number in a text column', `{"records":[${record('7', '1', '"MALE"', '2')}]}`],
    ['a boolean in a text column that never held true or false', `{"records":[${record('true', '1', '"MALE"', '2')}]}`],
    ['an object as the target', `{"records":[{"Species":{"a":1},"Island":"Biscoe","Beak Length (mm)":1,"Sex":"MALE","Body Mass (g)":2}]}`],
    ['another top-level key', `{"records":[${record('"Biscoe"', '1', '"MALE"', '2')}],"note":"x"}`],
    ['no records', '{"records":[]}'],
    ['an empty record', '{"records":[{}]}'],
    ['too many records', `{"records":[${Array.from({ length: MAX + 1 }, () => record('"Biscoe"', '1', '"MALE"', '2')).join(',')}]}`],
    ['a number too large to be finite', `{"records":[${record('"Biscoe"', '1e400', '"MALE"', '2')}]}`],
    ['a leading zero', `{"records":[${record('"Biscoe"', '01', '"MALE"', '2')}]}`],
    ['a bare decimal point', `{"records":[${record('"Biscoe"', '1.', '"MALE"', '2')}]}`],
    ['a plus sign', `{"records":[${record('"Biscoe"', '+1', '"MALE"', '2')}]}`],
    ['NaN', `{"records":[${record('"Biscoe"', 'NaN', '"MALE"', '2')}]}`],
    ['a control character in a text', `{"records":[${record('"Bis\tcoe"', '1', '"MALE"', '2')}]}`],
    ['a trailing comma', `{"records":[${record('"Biscoe"', '1', '"MALE"', '2')},]}`],
    ['text after the body', `{"records":[${record('"Biscoe"', '1', '"MALE"', '2')}]} x`],
    ['a cut-off body', `{"records":[${record('"Biscoe"', '1', '"MALE"', '2')}`],
    ['a byte-order mark', `\uFEFF{"records":[${record('"Biscoe"', '1', '"MALE"', '2')}]}`],
    ['an empty body', ''],
  ])('leaves %s to the general path', (_, body) => {
    expect(scan(Buffer.from(body, 'utf8'), MAX)).toBeNull();
  });

  it('reads every number exactly as JSON.parse does', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const numbers: string[] = ['0', '-0', '0.0', '1e0', '1E+2', '1e-2', '0.1', '0.3', '-2.5e-3', '123456789012345', '1234567890123456', '12345678901234567890', '9007199254740993', '1e22', '1e23', '1e-22', '1e-23', '4.9e-324', '2.2250738585072014e-308', '1.7976931348623157e308', '0.000001', '1e-400'];
    for (let i = 0; i < 3000; i++) {
      const x = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      numbers.push(JSON.stringify(x), x.toFixed(Math.floor(random() * 10)), `${Math.floor(random() * 1e6)}e${Math.floor(random() * 50 - 25)}`);
    }
    for (const n of numbers) {
      const fast = scan(Buffer.from(`{"records":[${record('"A"', n, '"B"', '1')}]}`), MAX);
      expect(fast, n).not.toBeNull();
      expect(Object.is((fast!.columns[1] as Float64Array)[0], JSON.parse(n)), `${n}: ${(fast!.columns[1] as Float64Array)[0]} vs ${JSON.parse(n)}`).toBe(true);
    }
  });

  it('agrees with the general path on bodies cut and changed at random', () => {
    const base = `{"records":[${record('"Biscoe"', '39.1', '"MALE"', '3750')},{"Species":"Adelie","Island":null,"Sex":true,"Beak Length (mm)":-1e-3,"Body Mass (g)":null}]}`;
    const pieces = [' ', ',', '"', '\\', '{', '}', '[', ']', ':', '1', '-', 'e', '.', 'null', 'true', 'x', '\u00e9'];
    let seed = 11;
    const random = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    let read = 0;
    for (let i = 0; i < 4000; i++) {
      let body = base;
      for (let k = 0; k <= random(3); k++) {
        const at = random(body.length + 1);
        const edit = random(3);
        body = edit === 0 ? body.slice(0, at) + body.slice(at + 1) : edit === 1 ? body.slice(0, at) + pieces[random(pieces.length)] + body.slice(at) : body.slice(0, at) + pieces[random(pieces.length)] + body.slice(at + 1);
      }
      if (expectAgreement(body)) read++;
    }
    // Some edits keep the body readable (a space, a digit): the comparison above must have had something to compare.
    expect(read).toBeGreaterThan(100);
  });

  it('keeps a byte-order mark that begins a text, as JSON.parse does', () => {
    const fast = expectAgreement(`{"records":[${record('"\uFEFFBiscoe"', '1', '"MALE"', '2')}]}`);
    expect(fast?.columns[0]).toEqual(['\uFEFFBiscoe']);
  });

  it('leaves numbers too long to be read exactly here to the general path, in a column or the target', () => {
    const digits = '1'.repeat(200_000);
    expect(scan(Buffer.from(`{"records":[${record('"Biscoe"', `0.${digits}`, '"MALE"', '2')}]}`), MAX)).toBeNull();
    expect(scan(Buffer.from(`{"records":[{"Species":${digits},"Island":"Biscoe","Beak Length (mm)":1,"Sex":"MALE","Body Mass (g)":2}]}`), MAX)).toBeNull();
    expect(generalPath(`{"records":[${record('"Biscoe"', `0.${digits}`, '"MALE"', '2')}]}`)).not.toBeNull();
  });

  it.each([
    ['a name JSON must escape', [{ name: 'a"b', kind: 'num' }], undefined, '{"records":[{"a\\"b":1}]}'],
    ['a name UTF-8 cannot hold', [{ name: 'a\uD800', kind: 'num' }], undefined, '{"records":[{"a\uFFFD":1}]}'],
    ['a repeated name', [{ name: 'a', kind: 'num' }, { name: 'a', kind: 'num' }], undefined, '{"records":[{"a":1,"a":2}]}'],
  ] as const)('never reads a body for a schema with %s', (_, columns, target, body) => {
    expect(compileRecordScanner(columns, { target })(Buffer.from(body), MAX)).toBeNull();
  });
});
