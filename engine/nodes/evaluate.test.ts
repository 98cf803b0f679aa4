import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricsValue, ModelValue, SplitValue } from '../define-node';
import { executeGraph } from '../execute';
import { decodePortValue, encodePortValue, summarizePortValue } from '../io/serialize';
import { resolveNodeParams } from '../node-params';
import { getNodeType } from '../registry';
import { takeRows } from '../table-ops';
import { createTestContext, penguinsChain } from '../testing/fixtures';

const evaluate = getNodeType('evaluate')!;
let model: ModelValue;
let split: SplitValue;

beforeAll(async () => {
  const graph = penguinsChain();
  const outputs = await executeGraph(graph, createTestContext());
  model = outputs.get('train')!.model as ModelValue;
  split = outputs.get('scale')!.data as SplitValue;
}, 60_000);

const runEvaluate = async (params: Record<string, unknown> = {}, data: SplitValue = split) =>
  (await evaluate.run({ model, data }, evaluate.params.parse(params), createTestContext())).metrics as MetricsValue;

describe('Evaluate node on penguins (three classes)', () => {
  it('reports scores, per-class rows, one-vs-rest curves, importance and the learning curve', async () => {
    const m = await runEvaluate();
    expect(m.task).toBe('classification');
    expect(Object.keys(m.metrics)).toEqual(
      expect.arrayContaining(['accuracy', 'balanced_accuracy', 'roc_auc', 'average_precision', 'precision_macro', 'recall_macro', 'f1_macro', 'log_loss', 'rows']),
    );
    expect(m.metrics.roc_auc).toBeGreaterThan(0.9);
    expect(m.perClass?.map((r) => r.label)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(m.perClass?.reduce((s, r) => s + r.support, 0)).toBe(m.metrics.rows);
    for (const kind of ['roc', 'pr', 'calibration'] as const) {
      expect(m.curves?.[kind]?.map((c) => c.label)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
      for (const c of m.curves![kind]!) expect(c.x.length).toBeLessThanOrEqual(200);
    }
    expect(m.importance?.scoring).toBe('accuracy');
    expect(m.importance?.permutation?.map((r) => r.feature)).toEqual(model.features);
    expect(Math.max(...m.importance!.permutation!.map((r) => r.value))).toBeGreaterThan(0);
    expect(m.learningCurve?.length).toBeGreaterThan(1);
    expect(m.learningCurve).toEqual(model.history);
    // Logistic regression's coefficients give a built-in importance beside the permutation one.
    expect(m.importance?.model?.map((r) => r.feature)).toEqual(model.features);
  }, 60_000);

  it('repeats exactly with the same seed, and survives encoding and summarising', async () => {
    const a = await runEvaluate({ seed: 3, permutationRepeats: 2 });
    expect(await runEvaluate({ seed: 3, permutationRepeats: 2 })).toEqual(a);
    expect(decodePortValue(encodePortValue(a))).toEqual(a);
    const summary = summarizePortValue(a);
    expect(summary).toMatchObject({ kind: 'metrics', task: 'classification', curves: { roc: [{ label: 'Adelie' }, {}, {}] }, importance: { scoring: 'accuracy' } });
    expect(JSON.stringify(summary).length).toBeLessThan(40_000);
  }, 60_000);

  it('upgrades a version-1 node, which had no params, to the defaults', () => {
    const resolved = resolveNodeParams({ id: 'e', type: 'evaluate', version: 1, params: {}, position: { x: 0, y: 0 } }, evaluate);
    expect(resolved).toEqual({ ok: true, params: { positiveClass: '', permutationRepeats: 5, seed: 0 } });
  });
});

describe('Evaluate node errors', () => {
  it('says the test side is empty and how to fix it', async () => {
    const empty = { ...split, test: takeRows(split.test, new Int32Array(0)) };
    await expect(runEvaluate({}, empty)).rejects.toThrow("the split's test side has no rows; raise the Split node's test fraction or add rows");
  });

  it('names a target missing from the test rows', async () => {
    const test = { ...split.test, columns: split.test.columns.filter((c) => c.name !== 'Species') };
    await expect(runEvaluate({}, { ...split, test })).rejects.toThrow(/Species/);
  });

  it('refuses a positive class the model does not know, at run time and at edit time', async () => {
    await expect(runEvaluate({ positiveClass: 'Emperor' })).rejects.toThrow(/positive class 'Emperor' is not one of the model's classes/);
    const schema = { kind: 'split' as const, schema: { columns: [...split.test.columns.map((c) => ({ name: c.name, kind: c.kind })).filter((c) => c.name !== 'Species'), { name: 'Species', kind: 'category' as const, categories: ['Adelie', 'Gentoo'] }] } };
    const modelSchema = { kind: 'model' as const, target: 'Species', task: 'classification' as const, features: model.features };
    expect(() => evaluate.outputSchema({ model: modelSchema, data: schema }, evaluate.params.parse({ positiveClass: 'Emperor' }), createTestContext())).toThrow(/'Emperor' is not a value of 'Species'/);
  });
});
