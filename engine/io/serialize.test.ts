import { describe, expect, it } from 'vitest';
import type { MetricsValue, ModelValue, PortValue, SplitValue } from '../define-node';
import { makeTable } from '../testing/tables';
import { decodePortValue, encodePortValue, summarizePortValue } from './serialize';

const table = makeTable({ x: [1.5, null, -3], label: ['a', null, 'b'], ['__proto__']: [1, 2, 3] });

describe('port value serialization', () => {
  it('round-trips tables, splits, models and metrics', () => {
    const split: SplitValue = { kind: 'split', train: table, test: makeTable({ x: [9], label: ['c'], ['__proto__']: [0] }), fitted: [{ type: 'impute', version: 1, state: { fills: [] } }] };
    const model: ModelValue = { kind: 'model', algorithm: 'logistic_regression', task: 'classification', target: 'label', features: ['x'], classes: ['a', 'b'], artifact: { layers: [{ units: 2 }], weights: [[0.5, -1]] }, hyperparameters: { epochs: 3 }, fitted: [], history: [{ step: 1, loss: 0.7, validationLoss: 0.8 }] };
    const metrics: MetricsValue = { kind: 'metrics', task: 'classification', metrics: { accuracy: 0.5 }, confusionMatrix: { labels: ['a', 'b'], matrix: [[1, 0], [1, 0]] } };
    const values: PortValue[] = [{ kind: 'table', table }, split, model, metrics];
    for (const value of values) expect(decodePortValue(encodePortValue(value))).toEqual(value);
  });

  it('decodes from an unaligned buffer and from a sub-array of a larger one', () => {
    const encoded = encodePortValue({ kind: 'table', table });
    const shifted = new Uint8Array(encoded.length + 3);
    shifted.set(encoded, 3);
    expect(decodePortValue(shifted.subarray(3))).toEqual({ kind: 'table', table });
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
