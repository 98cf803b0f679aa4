import type { ModelValue } from '../define-node';
import { argmaxRow } from './metrics/classification-scores';

/**
 * `JSON.stringify(formatPredictions(model, predicted, rows))`, written straight from the typed array: for a
 * batch of 100 records the objects and JSON.stringify's walk over them were the prediction API's largest
 * cost. The class labels' JSON is built once per call; each number is written as JSON.stringify writes it.
 */
export function predictionsJson(model: ModelValue, predicted: Float32Array | Float64Array, rows: number): string {
  if (model.task === 'regression') {
    let out = '[';
    for (let row = 0; row < rows; row++) out += `${row === 0 ? '' : ','}{"value":${number(predicted[row]!)}}`;
    return `${out}]`;
  }
  const k = model.classes.length;
  const labels = model.classes.map((label) => JSON.stringify(label));
  const pairs = labels.map((label) => `{"label":${label},"probability":`);
  let out = '[';
  for (let row = 0; row < rows; row++) {
    const base = row * k;
    out += `${row === 0 ? '' : ','}{"label":${labels[argmaxRow(predicted, base, k)]},"probabilities":[`;
    for (let c = 0; c < k; c++) out += `${c === 0 ? '' : ','}${pairs[c]}${number(predicted[base + c]!)}}`;
    out += ']}';
  }
  return `${out}]`;
}

/** JSON has no NaN or Infinity: JSON.stringify writes them as null. */
const number = (value: number) => (Number.isFinite(value) ? String(value) : 'null');
