import { describe, expect, it } from 'vitest';
import type { ModelValue, PortSchema, SplitValue, TableValue } from '../define-node';
import { getNodeType } from '../registry';
import { tableSchema } from '../table-ops';
import type { Table } from '../table';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';
import { MODEL_FAMILIES } from '../training/model-families';

/**
 * The bad-input list, one test per case: each is refused with a message on the node saying what,
 * where and how to fix it, at edit time from the schema when it can be known there, else on the preview's
 * sample (checkSample, also edit time), else at run time.
 */
const train = getNodeType('train')!;
const evaluate = getNodeType('evaluate')!;
const split = getNodeType('split')!;

const splitOf = (columns: Parameters<typeof makeTable>[0], test?: Table): SplitValue => {
  const table = makeTable(columns);
  return { kind: 'split', train: table, test: test ?? table, fitted: [] };
};
const schemaOf = (s: SplitValue): Record<string, PortSchema> => ({ data: { kind: 'split', schema: tableSchema(s.train) } });
const messageOf = (act: () => unknown): string | undefined => {
  try {
    act();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};
const editTimeError = (s: SplitValue, params: Record<string, unknown>) => messageOf(() => train.outputSchema(schemaOf(s), train.params.parse(params), createTestContext()));
const sampleError = (s: SplitValue, params: Record<string, unknown>) => messageOf(() => train.checkSample!({ data: s }, train.params.parse(params)));

const n = 40;
const x = Array.from({ length: n }, (_, i) => i);
const twoClasses = x.map((i) => (i % 2 ? 'yes' : 'no'));

describe('Train and Evaluate refuse bad input with a clear message on the node', () => {
  it('a target with one class: at edit time from the schema, on the sample when the training rows hold one', () => {
    expect(editTimeError(splitOf({ x, y: x.map(() => 'only') }), { target: 'y' })).toBe(
      "Train: target 'y' has one class only ('only'); at least 2 are needed to learn anything. Pick another target.",
    );
    // The schema lists two classes, but every row of the second lacks the target's other class.
    expect(sampleError(splitOf({ x: [1, 2, 3, 4], y: ['a', 'a', 'a', null] }), { target: 'y' })).toMatch(/target 'y' has one class only \('a'\) in the training rows/);
  });

  it('a regression target with text: numbers written as text are refused at edit time with a pointer to Cast columns', () => {
    const mpg = x.map((i) => (i === 3 ? '?' : String(15 + i / 2)));
    // A regression model picked for it.
    expect(editTimeError(splitOf({ x, mpg }), { target: 'mpg', model: 'linear_regression' })).toBe(
      "Train: the model predicts numbers, but Target 'mpg' holds text whose values read as numbers ('15', '15.5', '16'…). To predict a number, convert it with Cast columns (to number) before the Split.",
    );
    // No model picked: taken as classes, a hundred-odd numbers would be a hundred-odd classes.
    const many = Array.from({ length: 300 }, (_, i) => String(i % 150));
    expect(editTimeError(splitOf({ x: many.map((_, i) => i), mpg: many }), { target: 'mpg' })).toMatch(/^Train: taken as text, 'mpg' would be 150\+ classes\. .*Cast columns \(to number\)/);
    // A classifier picked by hand means classes are wanted (codes that look like numbers).
    expect(editTimeError(splitOf({ x: many.map((_, i) => i), mpg: many }), { target: 'mpg', model: 'logistic_regression' })).toBeUndefined();
    // Real words: the picked regression model says what the target holds and offers the classifiers.
    expect(editTimeError(splitOf({ x, y: twoClasses }), { target: 'y', model: 'linear_regression' })).toMatch(
      /^Train: Linear regression predicts numbers, but target 'y' holds text \(categories\)\. .*a model for classification: Logistic regression/,
    );
    // A few numeric-looking classes (ratings 1–5) are a fine classification target.
    expect(editTimeError(splitOf({ x, y: x.map((i) => String(1 + (i % 5))) }), { target: 'y' })).toBeUndefined();
  });

  it('a feature that is all missing: named on the sample when picked; left out with a log line when not', async () => {
    const s = splitOf({ x, empty: x.map(() => null), y: twoClasses });
    expect(sampleError(s, { target: 'y', features: ['x', 'empty'] })).toBe(
      "Train: feature 'empty' is missing in every row, so there is nothing to learn from it. Remove it from Features or drop it with Drop columns.",
    );
    const ctx = createTestContext();
    const { model } = await train.run({ data: s }, train.params.parse({ target: 'y' }), ctx);
    expect((model as ModelValue).features).toEqual(['x']);
    expect(ctx.logs).toContain("Left out 'empty': the same value (or none) in every training row.");
  });

  it('NaN or Infinity reaching a model: missing or infinite features and infinite targets on the sample, a diverging fit at run time', async () => {
    expect(sampleError(splitOf({ x: x.map((v) => (v === 5 ? null : v)), y: twoClasses }), { target: 'y' })).toBe("Train: feature 'x' has 1 missing value. Add an Impute step before this one.");
    expect(sampleError(splitOf({ x: x.map((v) => (v === 5 ? -Infinity : v)), y: twoClasses }), { target: 'y' })).toMatch(/^Train: feature 'x' is \+\/-Infinity in 1 row /);
    expect(sampleError(splitOf({ x, v: x.map((v) => (v < 2 ? Infinity : v)) }), { target: 'v' })).toBe(
      "Train: target 'v' is +/-Infinity in 2 training rows (e.g. a division by zero upstream). Clip it, or Filter those rows out.",
    );
    // A missing regression target only skips its row.
    expect(sampleError(splitOf({ x, v: x.map((v) => (v < 2 ? null : v)) }), { target: 'v' })).toBeUndefined();
    // At Evaluate, on the test rows, the message names Evaluate and the test side.
    const s = splitOf({ x, y: twoClasses }, makeTable({ x: [1, null, 3, 4], y: ['no', 'yes', 'no', 'yes'] }));
    const { model } = await train.run({ data: s }, train.params.parse({ target: 'y' }), createTestContext());
    await expect(evaluate.run({ model: model!, data: s }, evaluate.params.parse({}), createTestContext())).rejects.toThrow(
      "Evaluate (test rows): feature 'x' has 1 missing value. Add an Impute step before this one.",
    );
    // Plain SGD at the largest learning rate on a steep target overflows within a few epochs.
    const steep = splitOf({ x, v: x.map((i) => (i % 2 ? 1e30 : -1e30)) });
    const params = train.params.parse({ target: 'v', model: 'neural_network', hyperparameters: { optimizer: 'sgd', learningRate: 10, epochs: 50, hiddenLayers: [{ units: 64, activation: 'relu' }] } });
    await expect(train.run({ data: steep }, params, createTestContext())).rejects.toThrow(/^Train: Neural network training diverged at step \d+ \(the loss became (NaN|Infinity)\)\. Lower the learning rate/);
  }, 60_000);

  it('more classes than rows: a target with about a class per row is refused on the sample', () => {
    expect(sampleError(splitOf({ x, name: x.map((i) => `penguin ${i}`) }), { target: 'name' })).toBe(
      "Train: target 'name' has 40 classes among 40 training rows, fewer than 2 rows per class to learn each from. Pick a target with fewer classes (an ID or a name cannot be learned), group rare classes upstream, or train on more rows.",
    );
    expect(sampleError(splitOf({ x: [1, 2, 3, 4, 5], y: ['a', 'b', 'c', 'a', 'b'] }), { target: 'y' })).toMatch(/has 3 classes among 5 training rows/);
    expect(sampleError(splitOf({ x: [1, 2, 3, 4, 5, 6], y: ['a', 'b', 'c', 'a', 'b', 'c'] }), { target: 'y' })).toBeUndefined();
  });

  it('hyperparameters out of range: every family refuses, at edit time, a value below the minimum of each bounded setting, naming it', () => {
    const s = splitOf({ x, y: twoClasses, v: x.map((i) => i * 2) });
    let checked = 0;
    for (const family of MODEL_FAMILIES) {
      const target = family.tasks.includes('classification') ? 'y' : 'v';
      for (const [key, schema] of Object.entries(family.params.shape)) {
        const json = (schema as { toJSONSchema(): { type?: unknown; minimum?: number; exclusiveMinimum?: number; anyOf?: { minimum?: number }[] } }).toJSONSchema();
        const min = json.minimum ?? json.exclusiveMinimum ?? json.anyOf?.find((a) => a.minimum !== undefined)?.minimum;
        if (min === undefined) continue;
        const title = (schema as { meta(): { title?: string } | undefined }).meta()?.title ?? key;
        const message = editTimeError(s, { target, model: family.id, hyperparameters: { [key]: min - 1 } });
        expect(message, `${family.id}.${key}`).toMatch(new RegExp(`^Train: ${family.title} settings are out of range: '${title.replace(/[()]/g, '\\$&')}'(: | must be )`));
        // In a form's words, never zod's ("Too small: expected number to be >=1").
        expect(message, `${family.id}.${key}`).not.toMatch(/Too (small|big)|Invalid input|expected (number|int)/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('a split with an empty side: Split refuses it on the sample; Train and Evaluate name the empty side', async () => {
    const table: TableValue = { kind: 'table', table: makeTable({ x: [1, 2], y: ['a', 'b'] }) };
    await expect(split.run({ data: table }, split.params.parse({ testFraction: 0.1 }), createTestContext())).rejects.toThrow(
      'Train/test split: 2 rows leave 2 for training and 0 for testing. Use more rows or change the test share.',
    );
    expect(sampleError(splitOf({ x: [], v: [] }), { target: 'v', features: ['x'] })).toBe("Train: the split's training side has no rows. Lower the Split node's test share, or add rows.");
    const s = splitOf({ x, y: twoClasses });
    const { model } = await train.run({ data: s }, train.params.parse({ target: 'y' }), createTestContext());
    const noTest: SplitValue = { ...s, test: makeTable({ x: [], y: [] }) };
    await expect(evaluate.run({ model: model!, data: noTest }, evaluate.params.parse({}), createTestContext())).rejects.toThrow(
      "Evaluate: the split's test side has no rows; raise the Split node's test fraction or add rows.",
    );
  });

  it('a target Impute filled: refused on the sample with the count, the fill and the fix; leaving it out trains on the labelled rows', async () => {
    const impute = getNodeType('impute')!;
    const mpg = x.map((i) => (i % 10 === 3 ? null : 10 + i));
    const cut = (await split.run({ data: { kind: 'table', table: makeTable({ x, mpg }) } }, split.params.parse({ testFraction: 0.25, seed: 1 }), createTestContext())).data as SplitValue;
    const imputed = async (params: Record<string, unknown>) => (await impute.run({ data: cut }, impute.params.parse(params), createTestContext())).data as SplitValue;
    const everyColumn = await imputed({ strategy: 'median' });
    const missing = (cut.train.columns[1] as { values: Float64Array }).values.filter((v) => v !== v).length;
    expect(missing).toBeGreaterThan(0);
    expect(sampleError(everyColumn, { target: 'mpg' })).toMatch(
      new RegExp(`^Train: Impute filled the ${missing} row${missing === 1 ? '' : 's'} it learned from that had no 'mpg' with [0-9.]+, so the model would learn made-up targets and be scored on them\\. In Impute, add 'mpg' to 'Leave out': Train skips rows without a target by itself`),
    );
    expect(sampleError(await imputed({ strategy: 'median', exclude: ['mpg'] }), { target: 'mpg' })).toBeUndefined();
    // A target with nothing to fill in the training rows is not refused, whatever Impute was told.
    const complete = (await impute.run({ data: { ...cut, train: makeTable({ x, mpg: x }) } }, impute.params.parse({}), createTestContext())).data as SplitValue;
    expect(sampleError(complete, { target: 'mpg' })).toBeUndefined();
  });
});
