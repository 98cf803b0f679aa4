import { UserError } from '../define-node';
import type { Column, Table } from '../table';

/**
 * NumPy .npy arrays (format versions 1–3): numeric dtypes (bool, int, uint, float; either byte order),
 * 1-D (one column `value`) or 2-D (columns `x0..xN`), C or Fortran order. The header is a Python dict
 * literal read with patterns, never evaluated; object, text and structured dtypes are refused, and so
 * is a shape that does not match the data's byte count.
 */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

type Dtype = { kind: 'b' | 'i' | 'u' | 'f'; size: number; littleEndian: boolean };
type NpyHeader = { dtype: Dtype; fortran: boolean; shape: number[]; dataStart: number };

export function parseNpy(bytes: Uint8Array): Table {
  const header = readHeader(bytes);
  const { dtype, shape, fortran, dataStart } = header;
  const [rows, cols = 1] = shape;
  const expected = rows! * cols * dtype.size;
  const actual = bytes.length - dataStart;
  if (actual !== expected) {
    throw new UserError(`NPY: the header's shape (${shape.join(', ')}) of ${dtype.size}-byte values needs ${expected.toLocaleString('en-US')} data bytes, but the file has ${actual.toLocaleString('en-US')}. The file is truncated or its header is wrong; save it again with numpy.save.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart, actual);
  const read = reader(dtype, view);
  const columns: Column[] = [];
  for (let c = 0; c < cols; c++) {
    const values = new Float64Array(rows!);
    for (let r = 0; r < rows!; r++) values[r] = read((fortran ? c * rows! + r : r * cols + c) * dtype.size);
    columns.push({ kind: 'number', name: shape.length === 1 ? 'value' : `x${c}`, values });
  }
  return { rowCount: rows!, columns };
}

function reader(dtype: Dtype, view: DataView): (offset: number) => number {
  const le = dtype.littleEndian;
  const key = `${dtype.kind}${dtype.size}`;
  switch (key) {
    case 'b1':
    case 'u1':
      return (o) => view.getUint8(o);
    case 'i1':
      return (o) => view.getInt8(o);
    case 'i2':
      return (o) => view.getInt16(o, le);
    case 'u2':
      return (o) => view.getUint16(o, le);
    case 'i4':
      return (o) => view.getInt32(o, le);
    case 'u4':
      return (o) => view.getUint32(o, le);
    case 'i8':
      return (o) => Number(view.getBigInt64(o, le));
    case 'u8':
      return (o) => Number(view.getBigUint64(o, le));
    case 'f4':
      return (o) => view.getFloat32(o, le);
    case 'f8':
      return (o) => view.getFloat64(o, le);
    default:
      throw new UserError(`NPY: values of type '${key}' are not supported. Convert the array to float64 (array.astype('float64')) and save it again.`);
  }
}

function readHeader(bytes: Uint8Array): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new UserError('NPY: the file does not start with the NPY signature (\\x93NUMPY). Save the array with numpy.save, or upload it with the extension of its real format.');
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new UserError(`NPY: format version ${major}.${bytes[7]} is not supported (1.0 to 3.0 are). Save the array again with numpy.save.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthAt = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthAt) throw badHeader('the file ends inside the header');
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthAt;
  if (start + length > bytes.length) throw badHeader(`the header claims ${length} bytes but the file ends first`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + length)).trim();
  if (!text.startsWith('{') || !text.endsWith('}')) throw badHeader('it is not a {...} dictionary');
  return { dtype: readDtype(text), fortran: readFortran(text), shape: readShape(text), dataStart: start + length };
}

function readDtype(text: string): Dtype {
  if (/'descr'\s*:\s*\[/.test(text)) {
    throw new UserError('NPY: the array has named fields (a structured dtype). Save each field as a column of a plain 2-D float array, or upload a CSV or Parquet file instead.');
  }
  const m = /'descr'\s*:\s*'([^']*)'/.exec(text);
  if (!m) throw badHeader("it has no 'descr' entry");
  const descr = m[1]!;
  const parts = /^([<>|=]?)([biufcOUSVMm])(\d*)$/.exec(descr);
  if (!parts) throw badHeader(`its 'descr' '${descr}' is not a NumPy type`);
  const [, order, kind, size] = parts;
  if (kind === 'O') throw new UserError("NPY: the array holds Python objects (dtype 'O'), which cannot be read safely. Convert it to a numeric array (e.g. array.astype('float64')) and save it again.");
  if (kind === 'U' || kind === 'S') throw new UserError(`NPY: the array holds text (dtype '${descr}'). Only numeric arrays are read; upload text as CSV or Parquet.`);
  if (kind !== 'b' && kind !== 'i' && kind !== 'u' && kind !== 'f') {
    throw new UserError(`NPY: values of type '${descr}' are not supported. Convert the array to float64 (array.astype('float64')) and save it again.`);
  }
  return { kind, size: Number(size || 1), littleEndian: order !== '>' };
}

function readFortran(text: string): boolean {
  const m = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  if (!m) throw badHeader("it has no 'fortran_order' entry (True or False)");
  return m[1] === 'True';
}

function readShape(text: string): number[] {
  const m = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!m) throw badHeader("it has no 'shape' entry");
  const dims = m[1]!.split(',').map((d) => d.trim()).filter((d) => d !== '');
  if (dims.some((d) => !/^\d+L?$/.test(d))) throw badHeader(`its shape (${m[1]}) is not a list of whole numbers`);
  const shape = dims.map((d) => parseInt(d, 10));
  if (shape.length === 0 || shape.length > 2) {
    throw new UserError(`NPY: the array has ${shape.length === 0 ? 'no dimensions (a single value)' : `${shape.length} dimensions (${shape.join(' × ')})`}; only 1-D and 2-D arrays are tables. Reshape it to (rows, columns) and save it again.`);
  }
  if (shape[0] === 0) throw new UserError('NPY: the array has no rows. Save an array with at least one row.');
  return shape;
}

function badHeader(why: string): UserError {
  return new UserError(`NPY: the header is not valid: ${why}. Save the array again with numpy.save.`);
}
