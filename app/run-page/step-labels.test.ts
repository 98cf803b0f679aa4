import { describe, expect, it } from 'vitest';
import { stepLabels } from './step-labels';

const node = (id: string, type: string, params: Record<string, unknown> = {}, label?: string) => ({ id, type, params, position: { x: 0, y: 0 }, ...(label ? { label } : {}) });

describe('stepLabels', () => {
  it('names a step by its label, else its type', () => {
    const labels = stepLabels({ nodes: [node('a', 'dataset'), node('b', 'impute', {}, 'Fill the gaps')] } as never);
    expect([...labels.values()]).toEqual(['Dataset', 'Fill the gaps']);
  });

  it('tells Train steps apart by their model, and namesakes left by their place', () => {
    const labels = stepLabels({
      nodes: [
        node('t1', 'train', { model: 'logistic_regression' }),
        node('t2', 'train', { model: 'random_forest' }),
        node('t3', 'train', { model: 'random_forest' }),
        node('i1', 'impute'),
        node('i2', 'impute'),
        node('s', 'split'),
      ],
    } as never);
    expect(Object.fromEntries(labels)).toEqual({
      t1: 'Train · Logistic regression',
      t2: 'Train · Random forest (1)',
      t3: 'Train · Random forest (2)',
      i1: 'Impute (1)',
      i2: 'Impute (2)',
      s: 'Train/test split',
    });
  });
});
