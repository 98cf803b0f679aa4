import { describe, expect, it } from 'vitest';
import type { MetricsValue, ModelValue, PortValue, SplitValue } from '../define-node';
import { makeTable } from '../testing/tables';
import { decodePortValue, encodePortValue, summarizePortValue } from './serialize';

const table = makeTable({ x: [1.5, null, -3], label: ['a', null, 'b'], ['__proto__']: [1, 2, 3] });

/** A copy of `bytes` starting `by` bytes into a larger buffer, so its typed arrays cannot be viewed in place. */
function shiftedBy(bytes: Uint8Array, by: number): Uint8Array {
  const shifted = new Uint8Array(bytes.length + by);
  shifted.set(bytes, by);
  return shifted;
}

describe('port value serialization', () => {
  it('round-trips tables, splits, models and metrics', () => {
    const split: SplitValue = { kind: 'split', train: table, test: makeTable({ x: [9], label: ['c'], ['__proto__']: [0] }), fitted: [{ type: 'impute', version: 1, state: { fills: [] } }] };
    const model: ModelValue = { kind: 'model', algorithm: 'logistic_regression', task: 'classification', target: 'label', features: ['x'], classes: ['a', 'b'], artifact: { layers: [{ units: 2 }], weights: [[0.5, -1]] }, hyperparameters: { epochs: 3 }, fitted: [], history: [{ step: 1, loss: 0.7, validationLoss: 0.8 }] };
    const metrics: MetricsValue = { kind: 'metrics', task: 'classification', metrics: { accuracy: 0.5 }, confusionMatrix: { labels: ['a', 'b'], matrix: [[1, 0], [1, 0]] } };
    // A table after a step a prediction replays carries it and the raw rows' schema, as a split does.
    const replayed: PortValue = { kind: 'table', table, fitted: split.fitted, inputSchema: { columns: [{ name: 'x', kind: 'number' }] } };
    const values: PortValue[] = [{ kind: 'table', table }, replayed, split, model, metrics];
    for (const value of values) expect(decodePortValue(encodePortValue(value))).toEqual(value);
  });

  it('stores the typed arrays of a model artifact as buffers and gives back the same types', () => {
    const artifact = {
      format: 'tree-ensemble',
      trees: [{ feature: Int32Array.of(0, -1, -1), threshold: Float64Array.of(3.5, 0, 0) }],
      bins: Uint8Array.of(1, 2, 3),
      counts: { u16: Uint16Array.of(7), u32: Uint32Array.of(1e9), f32: Float32Array.of(0.5), empty: new Float64Array(0) },
    };
    const model: ModelValue = { kind: 'model', algorithm: 'decision_tree', task: 'classification', target: 'y', features: ['x'], classes: ['a', 'b'], artifact, hyperparameters: {}, fitted: [], history: [] };
    const encoded = encodePortValue(model);
    const headerLength = new DataView(encoded.buffer).getUint32(4, true);
    expect(new TextDecoder().decode(encoded.subarray(8, 8 + headerLength))).not.toContain('3.5');
    for (const bytes of [encoded, shiftedBy(encoded, 3).subarray(3)]) {
      const decoded = decodePortValue(bytes) as ModelValue;
      expect(decoded).toEqual(model);
      const back = decoded.artifact as typeof artifact;
      expect(back.trees[0].feature).toBeInstanceOf(Int32Array);
      expect(back.counts.u16).toBeInstanceOf(Uint16Array);
      expect(back.counts.f32).toBeInstanceOf(Float32Array);
    }
  });

  it('refuses typed arrays the encoder cannot store', () => {
    const model: ModelValue = { kind: 'model', algorithm: 'x', task: 'regression', target: 'y', features: [], classes: [], artifact: { big: new BigInt64Array(1) as unknown as Float64Array }, hyperparameters: {}, fitted: [], history: [] };
    expect(() => encodePortValue(model)).toThrow(/BigInt64Array/);
  });

  it('decodes from an unaligned buffer and from a sub-array of a larger one', () => {
    const encoded = encodePortValue({ kind: 'table', table });
    expect(decodePortValue(shiftedBy(encoded, 3).subarray(3))).toEqual({ kind: 'table', table });
  });

  it('refuses bytes that are not an encoded value', () => {
    expect(() => decodePortValue(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/bad magic bytes/);
  });

  it('summarizes values for the canvas', () => {
    expect(summarizePortValue({ kind: 'table', table })).toEqual({
      kind: 'table',
      rows: 3,
      columns: [
        { name: 'x', kind: 'number', missing: 1 },
        { name: 'label', kind: 'category', missing: 1 },
        { name: '__proto__', kind: 'number', missing: 0 },
      ],
    });
  });
});
