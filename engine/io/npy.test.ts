import { describe, expect, it } from 'vitest';
import { sampleRows } from '../table-ops';
import { asyncUserErrorOf } from '../testing/errors';
import { parseDatasetBytes } from './dataset';

/** Builds an .npy file as numpy.save writes it: magic, version, header length, padded dict header, data. */
function npy(descr: string, shape: string, data: ArrayBufferView | number[] = [], { fortran = false, version = 1, header }: { fortran?: boolean; version?: number; header?: string } = {}): Uint8Array {
  const dict = header ?? `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const lengthBytes = version === 1 ? 2 : 4;
  const unpadded = 8 + lengthBytes + dict.length + 1;
  const text = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const body = Array.isArray(data) ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(8 + lengthBytes + text.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(new TextEncoder().encode(text), 8 + lengthBytes);
  out.set(body, 8 + lengthBytes + text.length);
  return out;
}

const read = (bytes: Uint8Array) => parseDatasetBytes(bytes, { fileName: 'array.npy' });
const errorOf = (bytes: Uint8Array) => asyncUserErrorOf(() => read(bytes));

describe('NPY', () => {
  it('reads a 1-D float64 array as one column named value', async () => {
    const table = await read(npy('<f8', '(3,)', Float64Array.of(1.5, NaN, -2)));
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([['value', 'number']]);
    expect(sampleRows(table, 3)).toEqual([[1.5], [null], [-2]]);
  });

  it('reads a 2-D array in C order as columns x0..xN', async () => {
    const table = await read(npy('<i4', '(2, 3)', Int32Array.of(1, 2, 3, 4, 5, 6)));
    expect(table.columns.map((c) => c.name)).toEqual(['x0', 'x1', 'x2']);
    expect(sampleRows(table, 2)).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('reads Fortran order (column after column)', async () => {
    const table = await read(npy('<f4', '(2, 3)', Float32Array.of(1, 4, 2, 5, 3, 6), { fortran: true }));
    expect(sampleRows(table, 2)).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('reads big-endian values, unsigned and 64-bit integers, booleans and format version 2', async () => {
    const be = new Uint8Array(4);
    new DataView(be.buffer).setInt16(0, -2, false);
    new DataView(be.buffer).setInt16(2, 300, false);
    expect(sampleRows(await read(npy('>i2', '(2,)', be)), 2)).toEqual([[-2], [300]]);
    expect(sampleRows(await read(npy('<u8', '(1,)', BigUint64Array.of(2n ** 40n))), 1)).toEqual([[2 ** 40]]);
    expect(sampleRows(await read(npy('|b1', '(2,)', [1, 0], { version: 2 })), 2)).toEqual([[1], [0]]);
  });

  it('is recognised by its magic bytes whatever the file is called', async () => {
    const table = await parseDatasetBytes(npy('<f8', '(1,)', Float64Array.of(7)), { fileName: 'upload.bin' });
    expect(sampleRows(table, 1)).toEqual([[7]]);
  });

  it('refuses object, text and structured dtypes, saying how to convert', async () => {
    expect(await errorOf(npy('|O', '(2,)', new Uint8Array(16)))).toMatch(/^NPY: the array holds Python objects \(dtype 'O'\), which cannot be read safely\. Convert it/);
    expect(await errorOf(npy('<U3', '(1,)', new Uint8Array(12)))).toMatch(/^NPY: the array holds text \(dtype '<U3'\)/);
    expect(await errorOf(npy('', '', [], { header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }" }))).toMatch(/structured dtype/);
    expect(await errorOf(npy('<c16', '(1,)', new Uint8Array(16)))).toMatch(/^NPY: values of type '<c16' are not supported/);
  });

  it('refuses a shape that does not match the byte count, naming both', async () => {
    expect(await errorOf(npy('<f8', '(3, 2)', Float64Array.of(1, 2, 3, 4, 5)))).toBe(
      "NPY: the header's shape (3, 2) of 8-byte values needs 48 data bytes, but the file has 40. The file is truncated or its header is wrong; save it again with numpy.save.",
    );
    expect(await errorOf(npy('<f8', '(2, 2, 2)', new Float64Array(8)))).toMatch(/^NPY: the array has 3 dimensions \(2 × 2 × 2\); only 1-D and 2-D arrays are tables/);
  });

  it('refuses bad headers without evaluating them', async () => {
    expect(await errorOf(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 200, 0, 123]))).toBe(
      'NPY: the header is not valid: the header claims 200 bytes but the file ends first. Save the array again with numpy.save.',
    );
    expect(await errorOf(npy('', '', [], { header: "__import__('os').system('x')" }))).toBe('NPY: the header is not valid: it is not a {...} dictionary. Save the array again with numpy.save.');
    expect(await errorOf(npy('', '', [], { header: "{'descr': '<f8', 'fortran_order': False, 'shape': (a,), }" }))).toMatch(/its shape \(a,\) is not a list of whole numbers/);
    expect(await errorOf(npy('<f8', '(1,)', [], { version: 7 }))).toMatch(/^NPY: format version 7\.0 is not supported/);
    expect(await errorOf(new TextEncoder().encode('x,y\n1,2\n'))).toMatch(/^"array.npy" is not an NPY file/);
  });
});
