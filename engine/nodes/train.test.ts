import { describe, expect, it } from 'vitest';
import type { ModelValue, PortSchema, SplitValue } from '../define-node';
import { getNodeType } from '../registry';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';
import { tableSchema } from '../table-ops';

const train = getNodeType('train')!;
const splitOf = (columns: Parameters<typeof makeTable>[0]): SplitValue => {
  const table = makeTable(columns);
  return { kind: 'split', train: table, test: table, fitted: [] };
};
const schemaOf = (split: SplitValue): Record<string, PortSchema> => ({ data: { kind: 'split', schema: tableSchema(split.train) } });
const n = 40;
const x = Array.from({ length: n }, (_, i) => i);
const classes = Array.from({ length: n }, (_, i) => (i < n / 2 ? 'lo' : 'hi'));

const schemaError = (split: SplitValue, params: Record<string, unknown>) => {
  try {
    train.outputSchema(schemaOf(split), train.params.parse(params), createTestContext());
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};
const sampleError = (split: SplitValue, params: Record<string, unknown>) => {
  try {
    train.checkSample!({ data: split }, train.params.parse(params));
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};

describe('Train node v2', () => {
  it('infers the task from the target and names the default model', () => {
    const split = splitOf({ x, y: classes, v: x.map((i) => i * 2) });
    expect(train.outputSchema(schemaOf(split), train.params.parse({ target: 'y' }), createTestContext()).model).toMatchObject({ task: 'classification', algorithm: 'logistic_regression', features: ['x', 'v'] });
    expect(train.outputSchema(schemaOf(split), train.params.parse({ target: 'v' }), createTestContext()).model).toMatchObject({ task: 'regression', algorithm: 'linear_regression', features: ['x'] });
  });

  it('refuses at edit time a date target, one class, an unknown model and hyperparameters out of range', () => {
    const split = splitOf({ x, y: classes });
    const dated: SplitValue = { ...split, train: { ...split.train, columns: [...split.train.columns, { kind: 'date', name: 'd', values: new Float64Array(n) }] } };
    expect(schemaError(dated, { target: 'd' })).toMatch(/target 'd' holds dates/);
    expect(schemaError(splitOf({ x, y: x.map(() => 'only') }), { target: 'y' })).toMatch(/one class only \('only'\)/);
    expect(schemaError(split, { target: 'y', model: 'neural_network', hyperparameters: { learningRate: -1, hiddenLayers: [] } })).toBe(
      "Train: Neural network settings are out of range: 'Hidden layers': Add at least one hidden layer; 'Learning rate': The learning rate must be above 0.",
    );
  });

  it('checks the sample for missing, infinite and all-missing features, one class, and a validation share leaving no rows', () => {
    expect(sampleError(splitOf({ x: x.map((v) => (v % 10 === 0 ? null : v)), y: classes }), { target: 'y', features: ['x'] })).toBe("Train: feature 'x' has 4 missing values. Add an Impute step before this one.");
    expect(sampleError(splitOf({ x: x.map((v) => (v < 3 ? Infinity : v)), y: classes }), { target: 'y' })).toMatch(/feature 'x' is \+\/-Infinity in 3 rows .* Clip/);
    expect(sampleError(splitOf({ x: x.map(() => null), z: x, y: classes }), { target: 'y', features: ['x', 'z'] })).toMatch(/feature 'x' is missing in every row/);
    expect(sampleError(splitOf({ x: [1], v: [5] }), { target: 'v', features: ['x'], validationFraction: 0.5 })).toMatch(/leaves no training rows out of 1/);
    // A row whose target is missing is skipped, so its missing feature does not matter.
    expect(sampleError(splitOf({ x: [1, 2, 3, 4, null], y: ['a', 'b', 'a', 'b', null] }), { target: 'y' })).toBeUndefined();
    expect(sampleError(splitOf({ x: [1, 2, 3], y: ['a', 'a', null] }), { target: 'y' })).toMatch(/one class only \('a'\) in the training rows/);
  });

  it('migrates a v1 graph: the target and features stay, the TF logistic settings go', () => {
    expect(train.migrate!({ model: 'logistic_regression', target: 'y', features: ['x'], epochs: 100, learningRate: 0.05, l2: 0.0001, batchSize: 32 }, 1)).toEqual({
      target: 'y',
      features: ['x'],
      model: 'logistic_regression',
      hyperparameters: {},
    });
  });

  it('trains a regression model with cross-validation, reporting folds and mean ± std', async () => {
    const split = splitOf({ x, v: x.map((i) => 3 * i + 1) });
    const ctx = createTestContext();
    const messages: string[] = [];
    ctx.progress = (_f, message) => void (message && messages.push(message));
    const { model } = await train.run({ data: split }, train.params.parse({ target: 'v', model: 'neural_network', crossValidation: 3, hyperparameters: { epochs: 3 } }), ctx);
    const m = model as ModelValue;
    expect(m).toMatchObject({ task: 'regression', classes: [], algorithm: 'neural_network', crossValidation: { folds: 3 } });
    expect(Object.keys(m.crossValidation!.metrics)).toEqual(['r2', 'rmse', 'mae']);
    expect(messages).toContain('Fold 2 of 3 · Epoch 1 of 3');
    expect(messages).toContain('Final model · Epoch 3 of 3');
    expect(ctx.logs.some((l) => l.startsWith('3-fold cross-validation: r2 '))).toBe(true);
  }, 60_000);

  it('holds out a validation share and weighs classes when asked', async () => {
    const split = splitOf({ x, y: classes });
    const ctx = createTestContext();
    const { model } = await train.run({ data: split }, train.params.parse({ target: 'y', model: 'neural_network', validationFraction: 0.25, classWeights: 'balanced', hyperparameters: { epochs: 3 } }), ctx);
    expect((model as ModelValue).history.every((p) => typeof p.validationLoss === 'number')).toBe(true);
    expect(ctx.metrics.filter((m) => m.name === 'validation_loss').length).toBe((model as ModelValue).history.length);
  }, 60_000);
});
