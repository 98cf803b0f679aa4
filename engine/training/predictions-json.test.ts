import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../define-node';
import { formatPredictions } from './predict-records';
import { predictionsJson } from './predictions-json';

const classifier = (classes: string[]) => ({ task: 'classification', classes }) as unknown as ModelValue;
const regressor = { task: 'regression', classes: [] } as unknown as ModelValue;

describe('predictionsJson writes what JSON.stringify writes of formatPredictions', () => {
  it.each([
    ['float64 probabilities, ties and labels JSON must escape', classifier(['Adelie', 'say "hi"', 'ünï\n\\']), new Float64Array([0.1, 0.7, 0.2, 0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3, 1e-21, 0.999999999, 1])],
    ['float32 probabilities', classifier(['a', 'b']), new Float32Array([0.1, 0.9, 0.30000001192092896, 0.7])],
    ['NaN, infinities and negative zero', classifier(['x', 'y']), new Float64Array([NaN, 0.5, Infinity, -Infinity, -0, 0])],
  ])('%s', (_, model, predicted) => {
    const rows = predicted.length / model.classes.length;
    expect(predictionsJson(model, predicted, rows)).toBe(JSON.stringify(formatPredictions(model, predicted, rows)));
  });

  it('regression values, including ones JSON cannot hold', () => {
    const predicted = new Float64Array([3750.25, -1e300, NaN, 5e-324, 123456789012345680000]);
    expect(predictionsJson(regressor, predicted, predicted.length)).toBe(JSON.stringify(formatPredictions(regressor, predicted, predicted.length)));
  });

  it('no rows', () => {
    expect(predictionsJson(classifier(['a']), new Float64Array(0), 0)).toBe('[]');
    expect(predictionsJson(regressor, new Float64Array(0), 0)).toBe('[]');
  });
});
