import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../define-node';
import { executeGraph } from '../execute';
import { decodePortValue, encodePortValue } from '../io/serialize';
import { findSampleDataset, locateSampleFile } from '../samples/catalog';
import { buildChain, createTestContext } from '../testing/fixtures';
import { formatPredictions, predictRecords, predictRecordsBatch } from './predict-records';
import { unseenValueWarnings } from './missing-features';
import { compileRecordPredictor, type RecordPredictor } from './record-predictor';

const rawPenguins = JSON.parse(readFileSync(fileURLToPath(locateSampleFile(findSampleDataset('penguins')!)), 'utf8')) as Record<string, unknown>[];

/** Impute, clip, one-hot and rescale fitted after the split: every step the compiled path replays. */
async function trainOnPenguins(target: string, model: string, hyperparameters: Record<string, unknown>): Promise<ModelValue> {
  const graph = buildChain([
    ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
    ['split', 'split', { seed: 3 }],
    ['impute', 'impute', { exclude: [target] }],
    ['clip', 'clip', { columns: ['Beak Length (mm)'], lowerPercentile: 5, upperPercentile: 95 }],
    ['encode', 'one-hot', { columns: ['Island', 'Sex'] }],
    ['scale', 'standard-scale', { columns: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', ...(target === 'Species' ? ['Body Mass (g)'] : [])] }],
    ['train', 'train', { target, model, hyperparameters }],
  ]);
  graph.nodes.find((n) => n.id === 'train')!.version = 2;
  const outputs = await executeGraph(graph, createTestContext());
  return decodePortValue(encodePortValue(outputs.get('train')!.model as ModelValue)) as ModelValue;
}

async function predictCompiled(model: ModelValue, records: Record<string, unknown>[]) {
  const compiled = compileRecordPredictor(model);
  if ('unsupported' in compiled) throw new Error(`not compiled: ${compiled.unsupported}`);
  const { columns, missing } = (compiled as RecordPredictor).features(records);
  expect(missing).toEqual([]);
  return formatPredictions(model, await compiled.predict(columns, records.length), records.length);
}

const byRecordThenFeature = (features: string[]) => (a: { record: number; feature: string }, b: { record: number; feature: string }) =>
  a.record - b.record || features.indexOf(a.feature) - features.indexOf(b.feature);

const withoutTarget = (target: string) => rawPenguins.map(({ [target]: _, ...rest }) => rest);

describe('compiled record predictor', () => {
  it.each([
    ['logistic_regression', {}],
    ['decision_tree', { max_depth: 4 }],
    ['random_forest', { n_estimators: 20, threads: 1 }],
    ['gradient_boosting', { max_iter: 30 }],
    ['neural_network', { epochs: 20, hiddenLayers: [{ units: 8, activation: 'relu' }] }],
  ] as [string, Record<string, unknown>][])('%s classifies raw penguins exactly as predictRecords does, one record and all', async (family, hyperparameters) => {
    const model = await trainOnPenguins('Species', family, hyperparameters);
    const records = withoutTarget('Species');
    expect(await predictCompiled(model, records)).toEqual(await predictRecords(model, records));
    for (const i of [0, 3, 271]) expect(await predictCompiled(model, [records[i]!])).toEqual(await predictRecords(model, [records[i]!]));
  }, 60_000);

  it.each([
    ['linear_regression', {}],
    ['gradient_boosting', { max_iter: 30 }],
  ] as [string, Record<string, unknown>][])('%s predicts body mass exactly as predictRecords does', async (family, hyperparameters) => {
    const model = await trainOnPenguins('Body Mass (g)', family, hyperparameters);
    const records = withoutTarget('Body Mass (g)');
    expect(await predictCompiled(model, records)).toEqual(await predictRecords(model, records));
  }, 60_000);

  it('compiles column drops and selections before the Split, answering as predictRecords does', async () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['drop', 'drop-columns', { columns: ['Flipper Length (mm)'] }],
      ['keep', 'select-columns', { columns: ['Species', 'Island', 'Sex', 'Beak Length (mm)', 'Beak Depth (mm)'] }],
      ['impute', 'impute', {}],
      ['encode', 'one-hot', { columns: ['Island', 'Sex'] }],
      ['split', 'split', { seed: 3 }],
      ['train', 'train', { target: 'Species', model: 'logistic_regression' }],
    ]);
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    const model = decodePortValue(encodePortValue((await executeGraph(graph, createTestContext())).get('train')!.model as ModelValue)) as ModelValue;
    expect(model.fitted.map((f) => f.type)).toEqual(['drop-columns', 'select-columns', 'impute', 'one-hot']);
    const records = withoutTarget('Species');
    expect(await predictCompiled(model, records)).toEqual(await predictRecords(model, records));
  }, 60_000);

  it('warns of the categories One-hot never saw in training as predictRecords does, and predicts as it does', async () => {
    const model = await trainOnPenguins('Species', 'logistic_regression', {});
    const records = withoutTarget('Species').slice(0, 6);
    records[1] = { ...records[1], Island: 'Atlantis' };
    records[4] = { ...records[4], Island: 'Atlantis', Sex: 'male' };
    const compiled = compileRecordPredictor(model) as RecordPredictor;
    const general = await predictRecordsBatch(model, records);
    expect(general.warnings).toHaveLength(2);
    expect(unseenValueWarnings(compiled.features(records).unseen)).toEqual(general.warnings);
    expect(await predictCompiled(model, records)).toEqual(await predictRecords(model, records));
    // The sample's one '.' for an unknown sex was read as missing when the model was fitted; sent as text, it is a value the model never saw.
    expect(compiled.features(withoutTarget('Species')).unseen.map((u) => [u.column, u.value])).toEqual([['Sex', '.']]);
  }, 60_000);

  it('reports features still missing after the replay, by record', async () => {
    const model = await trainOnPenguins('Species', 'logistic_regression', {});
    const noImpute = { ...model, fitted: model.fitted.filter((s) => s.type !== 'impute') };
    const compiled = compileRecordPredictor(noImpute) as RecordPredictor;
    const { missing } = compiled.features([{ ...rawPenguins[0], 'Beak Depth (mm)': null }]);
    expect(missing).toEqual([{ record: 0, feature: 'Beak Depth (mm)' }]);
  }, 60_000);

  it('reports an encoded feature no replayed step produces as missing in every record', async () => {
    const model = await trainOnPenguins('Species', 'logistic_regression', {});
    const noOneHot = { ...model, fitted: model.fitted.filter((s) => s.type !== 'one-hot') };
    const compiled = compileRecordPredictor(noOneHot) as RecordPredictor;
    const encoded = model.features.filter((f) => f.startsWith('Island=') || f.startsWith('Sex='));
    expect(encoded.length).toBeGreaterThan(0);
    const { missing } = compiled.features([rawPenguins[0]!, rawPenguins[1]!]);
    expect(missing).toEqual([0, 1].flatMap((record) => encoded.map((feature) => ({ record, feature }))).sort(byRecordThenFeature(model.features)));
  }, 60_000);

  it('leaves models with steps it cannot replay per record to the general path', async () => {
    const model = await trainOnPenguins('Species', 'logistic_regression', {});
    expect(compileRecordPredictor({ ...model, fitted: [...model.fitted, { type: 'bin', version: 1, state: {} }] })).toEqual({ unsupported: "a 'bin' step" });
  }, 60_000);
});
