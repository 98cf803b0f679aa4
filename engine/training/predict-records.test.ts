import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelValue, SplitValue } from '../define-node';
import { executeGraph } from '../execute';
import { parseDatasetBytesSync } from '../io/dataset';
import { decodePortValue, encodePortValue } from '../io/serialize';
import { parseGraph } from '../graph';
import { replayFittedSteps } from '../replay-fitted';
import { findExamplePipeline } from '../samples/example-pipelines';
import { findSampleDataset, locateSampleFile } from '../samples/catalog';
import { buildChain, createTestContext } from '../testing/fixtures';
import { PredictionRefused, predictRecords, predictRecordsBatch, type Prediction } from './predict-records';
import { predictTable } from './predict-table';
import { compileRecordPredictor, type RecordPredictor } from './record-predictor';

/** The penguins sample exactly as a prediction request would send it: raw records, categories as text, nulls. */
const rawPenguins = JSON.parse(readFileSync(fileURLToPath(locateSampleFile(findSampleDataset('penguins')!)), 'utf8')) as Record<string, unknown>[];

/** Impute, one-hot and scale are fitted after the split, so the model must replay all three on raw records. */
async function trainOnPenguins(target: string, model: string, hyperparameters: Record<string, unknown>): Promise<ModelValue> {
  const graph = buildChain([
    ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
    ['split', 'split', { seed: 3 }],
    ['impute', 'impute', { exclude: [target] }],
    ['encode', 'one-hot', { columns: ['Island', 'Sex'] }],
    // The target stays in its own units (grams), so predictions are too.
    ['scale', 'standard-scale', { columns: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', ...(target === 'Species' ? ['Body Mass (g)'] : [])] }],
    ['train', 'train', { target, model, hyperparameters }],
  ]);
  graph.nodes.find((n) => n.id === 'train')!.version = 2;
  const outputs = await executeGraph(graph, createTestContext());
  return outputs.get('train')!.model as ModelValue;
}

const labels = (predictions: Prediction[]) => predictions.map((p) => ('label' in p ? p.label : undefined));
/** The share of the raw penguins whose species `predictions` (one per raw record, in order) got right. */
const accuracyOn = (predictions: Prediction[]) => labels(predictions).filter((label, i) => label === rawPenguins[i]!.Species).length / rawPenguins.length;

const CLASSIFIERS: [string, Record<string, unknown>][] = [
  ['logistic_regression', {}],
  ['decision_tree', { max_depth: 4 }],
  ['random_forest', { n_estimators: 20, threads: 1 }],
  ['gradient_boosting', { max_iter: 30 }],
  ['neural_network', { epochs: 40, hiddenLayers: [{ units: 16, activation: 'relu' }] }],
];

describe('predictRecords from raw records, through the port encoder', () => {
  it.each(CLASSIFIERS)('%s classifies raw penguins after replaying impute, one-hot and scale', async (family, hyperparameters) => {
    const model = await trainOnPenguins('Species', family, hyperparameters);
    expect(model.fitted.map((f) => f.type)).toEqual(['impute', 'one-hot', 'standard-scale']);
    const stored = decodePortValue(encodePortValue(model)) as ModelValue;
    const predictions = await predictRecords(stored, rawPenguins);
    expect(predictions).toEqual(await predictRecords(model, rawPenguins));
    expect(accuracyOn(predictions)).toBeGreaterThanOrEqual(0.9);
    const first = predictions[0]!;
    if (!('probabilities' in first)) throw new Error('A classifier answers with class probabilities.');
    expect(first.probabilities.map((p) => p.label)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(first.probabilities.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 5);
  }, 60_000);

  it.each([
    ['linear_regression', {}],
    ['gradient_boosting', { max_iter: 30 }],
  ] as [string, Record<string, unknown>][])('%s predicts body mass of raw penguins in grams', async (family, hyperparameters) => {
    const model = await trainOnPenguins('Body Mass (g)', family, hyperparameters);
    const stored = decodePortValue(encodePortValue(model)) as ModelValue;
    const predictions = await predictRecords(stored, rawPenguins);
    expect(predictions).toEqual(await predictRecords(model, rawPenguins));
    const known = rawPenguins.flatMap((r, i) => (typeof r['Body Mass (g)'] === 'number' ? [[r['Body Mass (g)'] as number, (predictions[i] as { value: number }).value]] : []));
    const mean = known.reduce((s, [y]) => s + y!, 0) / known.length;
    const residual = known.reduce((s, [y, p]) => s + (y! - p!) ** 2, 0);
    const total = known.reduce((s, [y]) => s + (y! - mean) ** 2, 0);
    expect(1 - residual / total).toBeGreaterThan(0.75);
  }, 60_000);

  it('names the records whose feature is null when no fitted step fills it in, in the words of a request', async () => {
    // Rows with gaps are filtered out before the split, so the model has no Impute step to replay.
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['complete', 'filter', { mode: 'expression', expression: '`Body Mass (g)` is not null and `Beak Length (mm)` is not null' }],
      ['split', 'split', { seed: 3 }],
      ['train', 'train', { target: 'Species', features: ['Beak Length (mm)', 'Body Mass (g)'] }],
    ]);
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    const model = (await executeGraph(graph, createTestContext())).get('train')!.model as ModelValue;
    expect(model.fitted).toEqual([]);
    const ok = { 'Beak Length (mm)': 40, 'Body Mass (g)': 3800 };
    await expect(predictRecords(model, [ok, { ...ok, 'Body Mass (g)': null }, ok, { ...ok, 'Body Mass (g)': null }])).rejects.toThrow(
      "Records 2, 4: 'Body Mass (g)' is missing (null), and this model has no Impute step for it: send a value.",
    );
  });

  it('answers a record that lacks the target and has missing values', async () => {
    // The prediction API's records may leave out the target; a feature's missing value is a null.
    const model = decodePortValue(encodePortValue(await trainOnPenguins('Species', 'decision_tree', { max_depth: 4 }))) as ModelValue;
    const [prediction] = await predictRecords(model, [{ Island: 'Biscoe', 'Beak Length (mm)': 48.2, 'Beak Depth (mm)': null, 'Flipper Length (mm)': 221, 'Body Mass (g)': 5400, Sex: null }]);
    expect(labels([prediction!])).toEqual(['Gentoo']);
  }, 30_000);
});

describe('predictRecords for a model with a date column', () => {
  const carsPath = fileURLToPath(locateSampleFile(findSampleDataset('cars')!));
  const rawCars = JSON.parse(readFileSync(carsPath, 'utf8')) as Record<string, unknown>[];

  /** The Car fuel economy example: Year is read as dates, imputed, and turned into its year by Date parts. */
  async function trainOnCars(): Promise<ModelValue> {
    const example = findExamplePipeline('cars-mpg')!;
    const outputs = await executeGraph(parseGraph(example.graph), createTestContext());
    return outputs.get('train-1')!.model as ModelValue;
  }

  it('reads the dates a record sends as text, as the dataset read them when the model was fitted', async () => {
    const model = await trainOnCars();
    expect(model.inputSchema!.columns.find((c) => c.name === 'Year')!.kind).toBe('date');
    const records = rawCars.slice(0, 40);
    const asDataset = replayFittedSteps(parseDatasetBytesSync(new TextEncoder().encode(JSON.stringify(records)), { format: 'json' }), model.fitted);
    const expected = Array.from(await predictTable(model, asDataset), (value) => ({ value }));
    expect(await predictRecords(model, records)).toEqual(expected);
  });

  it('imputes a date sent as null, and names the field and record of a text that is no date', async () => {
    const model = await trainOnCars();
    const [imputed] = await predictRecords(model, [{ ...rawCars[0], Year: null }]);
    expect(Number.isFinite((imputed as { value: number }).value)).toBe(true);
    await expect(predictRecords(model, [rawCars[0]!, { ...rawCars[1], Year: 'soon' }])).rejects.toThrow(/Record 2, field 'Year': "soon" is not a date\. .*send it as text such as "2024-01-31"/);
    await expect(predictRecords(model, [{ ...rawCars[0], Year: 1978 }])).rejects.toThrow(/Record 1, field 'Year': 1978 is not a date/);
    // Slashed dates are read as the one way they can be, and refused when they could be either.
    const [slashed] = await predictRecords(model, [{ ...rawCars[0], Year: '31/12/1975' }]);
    expect(slashed).toEqual((await predictRecords(model, [{ ...rawCars[0], Year: '1975-12-31' }]))[0]);
    await expect(predictRecords(model, [{ ...rawCars[0], Year: '05/02/1975' }])).rejects.toThrow(/Record 1, field 'Year': "05\/02\/1975" could be read day first or month first\. Send dates as year-month-day/);
  });

  it('names a date sent as null by the field a request sends, not by the parts made from it, when no Impute step fills them', async () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'seattle-weather' } }],
      ['split', 'split', { seed: 3 }],
      ['parts', 'date-parts', { column: 'date', parts: ['year', 'month', 'weekday', 'day_of_year'] }],
      ['train', 'train', { target: 'weather', model: 'decision_tree', hyperparameters: { max_depth: 3 } }],
    ]);
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    const model = (await executeGraph(graph, createTestContext())).get('train')!.model as ModelValue;
    const day = { date: '2015-06-01', precipitation: 0, temp_max: 20, temp_min: 11, wind: 3 };
    await expect(predictRecords(model, [{ ...day, date: null }, day, { ...day, date: null }])).rejects.toMatchObject({
      problems: ["Records 1, 3: 'date' is missing (null); this model needs a date there (its Date parts step makes 'date_year', 'date_month', 'date_weekday' and 'date_day_of_year' from it): send a date."],
    });
  });
});

describe('steps before the Split', () => {
  /** Impute, one-hot and a derived column fitted on every row, then split: the way many first pipelines are drawn. */
  async function trainAfterEncoding(target: string, model: string, impute: Record<string, unknown> = {}): Promise<ModelValue> {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' }, missingTokens: ['.'], types: [] }],
      ['impute', 'impute', impute],
      ['encode', 'one-hot', { columns: ['Island', 'Sex'] }],
      ['ratio', 'derive', { name: 'Beak ratio', expression: '`Beak Length (mm)` / `Beak Depth (mm)`' }],
      ['keep', 'filter', { conditions: [{ column: 'Flipper Length (mm)', op: 'gt', value: 0 }], combine: 'and' }],
      ['split', 'split', { seed: 3, stratify: 'Species' }],
      ['scale', 'standard-scale', {}],
      ['train', 'train', { target, model }],
    ]);
    graph.nodes.find((n) => n.id === 'load')!.version = 2;
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    const outputs = await executeGraph(graph, createTestContext());
    return decodePortValue(encodePortValue(outputs.get('train')!.model as ModelValue)) as ModelValue;
  }

  it('are replayed on raw records: the model asks for the columns the dataset has, not the encoded ones', async () => {
    const model = await trainAfterEncoding('Species', 'logistic_regression');
    // The Filter drops rows only: predictions answer every record, so it is not replayed.
    expect(model.fitted.map((f) => f.type)).toEqual(['impute', 'one-hot', 'derive', 'standard-scale']);
    const asked = model.inputSchema!.columns.filter((c) => !c.unused).map((c) => c.name);
    expect(asked).toEqual(expect.arrayContaining(['Island', 'Sex', 'Beak Length (mm)', 'Beak Depth (mm)']));
    expect(asked.some((name) => name.includes('='))).toBe(false);
    const predictions = await predictRecords(model, rawPenguins);
    expect(accuracyOn(predictions)).toBeGreaterThanOrEqual(0.9);
    // A record with gaps is filled by the replayed Impute, as its rows were.
    const [gappy] = await predictRecords(model, [{ ...rawPenguins[0], Sex: null, 'Beak Depth (mm)': null }]);
    expect(labels([gappy!])).toEqual(['Adelie']);
  }, 60_000);

  it('are where Train finds a target that an Impute before the Split made up', async () => {
    // Fitted on every row before the split, it filled both penguins that have no body mass.
    await expect(trainAfterEncoding('Body Mass (g)', 'linear_regression')).rejects.toThrow("Train: Impute filled the 2 rows it learned from that had no 'Body Mass (g)'");
    const model = await trainAfterEncoding('Body Mass (g)', 'linear_regression', { exclude: ['Body Mass (g)'] });
    expect(model.task).toBe('regression');
  }, 60_000);

  it('go with the table into the Split, which starts its fitted steps and raw schema from them', async () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['impute', 'impute', {}],
      ['encode', 'one-hot', { columns: ['Island'] }],
      ['split', 'split', { seed: 3 }],
    ]);
    const split = (await executeGraph(graph, createTestContext())).get('split')!.data as SplitValue;
    expect(split.fitted.map((f) => f.type)).toEqual(['impute', 'one-hot']);
    const raw = split.inputSchema!.columns.map((c) => c.name);
    expect(raw).toContain('Island');
    expect(raw.filter((name) => name.startsWith('Island='))).toEqual([]);
  });

  /** Trains Species with a logistic regression on `steps` (after the penguins sample, before the Split) and answers `records` with it, through the port encoder. */
  async function trainThrough(steps: [string, string, Record<string, unknown>][], target = 'Species', model = 'logistic_regression'): Promise<ModelValue> {
    const graph = buildChain([['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }], ...steps, ['split', 'split', { seed: 3 }], ['train', 'train', { target, model }]]);
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    const outputs = await executeGraph(graph, createTestContext());
    return decodePortValue(encodePortValue(outputs.get('train')!.model as ModelValue)) as ModelValue;
  }

  it('start afresh after a Group-by: a request sends rows like its groups', async () => {
    const model = await trainThrough([
      ['impute', 'impute', { exclude: ['Species'] }],
      ['group', 'group-by', { keys: ['Species', 'Island', 'Sex'], aggregates: [{ column: 'Flipper Length (mm)', fn: 'mean', name: 'flipper' }, { column: 'Body Mass (g)', fn: 'mean', name: 'mass' }] }],
    ], 'mass', 'linear_regression');
    expect(model.fitted).toEqual([]);
    expect(model.inputSchema!.columns.map((c) => c.name)).toEqual(['Species', 'Island', 'Sex', 'flipper']);
    const [predicted] = await predictRecords(model, [{ Species: 'Gentoo', Island: 'Biscoe', Sex: 'MALE', flipper: 221 }]);
    expect((predicted as { value: number }).value).toBeGreaterThan(4000);
  }, 60_000);

  it('replay a column drop, so a later step that reuses a dropped name sees the columns it was fitted on', async () => {
    const model = await trainThrough([
      ['drop', 'drop-columns', { columns: ['Beak Length (mm)'] }],
      ['rename', 'rename-columns', { renames: [{ from: 'Beak Depth (mm)', to: 'Beak Length (mm)' }] }],
      ['impute', 'impute', {}],
      ['encode', 'one-hot', { columns: ['Island', 'Sex'] }],
    ]);
    expect(model.fitted.map((f) => f.type)).toEqual(['drop-columns', 'rename-columns', 'impute', 'one-hot']);
    // The dropped column is read by no feature: a record may leave it out or send it.
    expect(model.inputSchema!.columns.find((c) => c.name === 'Beak Length (mm)')!.unused).toBe(true);
    const sent = await predictRecords(model, rawPenguins);
    expect(accuracyOn(sent)).toBeGreaterThanOrEqual(0.9);
    const { ['Beak Length (mm)']: _dropped, ...without } = rawPenguins[0]!;
    expect(await predictRecords(model, [without])).toEqual([sent[0]]);
  }, 60_000);

  it('go through a Join on the left side: a request sends the raw columns and the looked-up ones', async () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['impute', 'impute', {}],
      ['encode', 'one-hot', { columns: ['Sex'] }],
      ['join', 'join', { on: [{ left: 'Island' }] }],
      ['split', 'split', { seed: 3 }],
      ['train', 'train', { target: 'Species', model: 'logistic_regression' }],
    ]);
    // The right side: each island's mean body mass, from the same sample.
    graph.nodes.push({ id: 'islands', type: 'group-by', version: 1, params: { keys: ['Island'], aggregates: [{ column: 'Body Mass (g)', fn: 'mean', name: 'island_mass' }] }, position: { x: 0, y: 200 } });
    graph.edges = graph.edges.map((e) => (e.target === 'join' ? { ...e, targetPort: 'left' } : e));
    graph.edges.push({ id: 'right', source: 'load', sourcePort: 'data', target: 'islands', targetPort: 'data' }, { id: 'lookup', source: 'islands', sourcePort: 'data', target: 'join', targetPort: 'right' });
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    const model = (await executeGraph(graph, createTestContext())).get('train')!.model as ModelValue;
    expect(model.fitted.map((f) => f.type)).toEqual(['impute', 'one-hot']);
    const asked = model.inputSchema!.columns.map((c) => c.name);
    expect(asked).toEqual(expect.arrayContaining(['Sex', 'island_mass']));
    expect(asked.filter((name) => name.startsWith('Sex='))).toEqual([]);
    const [answer] = await predictRecords(model, [{ ...rawPenguins[0], island_mass: 3700 }]);
    expect(labels([answer!])).toEqual(['Adelie']);
  }, 60_000);
});

describe('categories an encoder never saw in training', () => {
  const penguin = { Island: 'Biscoe', 'Beak Length (mm)': 48.2, 'Beak Depth (mm)': 15, 'Flipper Length (mm)': 221, 'Body Mass (g)': 5400, Sex: 'MALE' };
  async function modelWith(encode: [string, Record<string, unknown>]): Promise<ModelValue> {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['split', 'split', { seed: 3 }],
      ['impute', 'impute', { exclude: ['Species'] }],
      ['encode', ...encode],
      ['train', 'train', { target: 'Species', model: 'decision_tree', hyperparameters: { max_depth: 4 } }],
    ]);
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    return decodePortValue(encodePortValue((await executeGraph(graph, createTestContext())).get('train')!.model as ModelValue)) as ModelValue;
  }

  it('are predicted from as the encoder reads them, with a warning naming the records, the value, the known values and the reading', async () => {
    const model = await modelWith(['one-hot', { columns: ['Island', 'Sex'] }]);
    const batch = await predictRecordsBatch(model, [{ ...penguin, Island: 'Atlantis' }, penguin, { ...penguin, Island: 'Atlantis', Sex: 'male' }]);
    expect(batch.rows).toBe(3);
    expect(batch.warnings).toEqual([
      "Records 1, 3: 'Island' is 'Atlantis', a value the model never saw in training (it knows 'Biscoe', 'Dream', 'Torgersen'); One-hot set every one of its columns to 0. Send one of the known values if that is what you meant.",
      "Record 3: 'Sex' is 'male', a value the model never saw in training (it knows 'FEMALE', 'MALE'); One-hot set every one of its columns to 0. Send one of the known values if that is what you meant.",
    ]);
    expect((await predictRecordsBatch(model, [penguin])).warnings).toEqual([]);
  }, 30_000);

  it('are read by One-hot with Drop first as the dropped value, which the warning says', async () => {
    const model = await modelWith(['one-hot', { columns: ['Island'], dropFirst: true }]);
    const batch = await predictRecordsBatch(model, [{ ...penguin, Island: 'Atlantis' }]);
    expect(batch.warnings).toEqual([
      "Record 1: 'Island' is 'Atlantis', a value the model never saw in training (it knows 'Biscoe', 'Dream', 'Torgersen'); One-hot read it as 'Biscoe', the value whose column Drop first left out. Send one of the known values if that is what you meant.",
    ]);
    expect(batch.predicted).toEqual((await predictRecordsBatch(model, [penguin])).predicted);
  }, 30_000);

  it('are not warned of where One-hot has an other column for them', async () => {
    const model = await modelWith(['one-hot', { columns: ['Island'], maxCategories: 2 }]);
    expect((await predictRecordsBatch(model, [{ ...penguin, Island: 'Atlantis' }])).warnings).toEqual([]);
  }, 30_000);

  it.each([
    ['frequency-encode', { columns: ['Island'] }, 'Frequency encode gave it a frequency of 0'],
    ['target-encode', { columns: ['Island'], target: 'Species' }, 'Target encode gave it the mean target of all training rows'],
    ['ordinal-encode', { columns: ['Island'], unseen: 'code', unseenCode: -1 }, 'Ordinal encode gave it the code for unseen values, -1'],
  ] as [string, Record<string, unknown>, string][])('are warned of by %s too', async (type, params, reading) => {
    const model = await modelWith([type, params]);
    const { warnings } = await predictRecordsBatch(model, [{ ...penguin, Sex: null, Island: 'Atlantis' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`Record 1: 'Island' is 'Atlantis'`);
    expect(warnings[0]).toContain(reading);
  }, 30_000);

  it('are none of the values the model offers: its input schema lists the training rows\' values only', async () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'cars' } }],
      ['split', 'split', { seed: 3 }],
      ['impute', 'impute', { exclude: ['Miles_per_Gallon'] }],
      ['encode', 'frequency-encode', { columns: ['Name'] }],
      ['train', 'train', { target: 'Miles_per_Gallon', model: 'linear_regression', features: ['Name', 'Weight_in_lbs'] }],
    ]);
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    const outputs = await executeGraph(graph, createTestContext());
    const model = outputs.get('train')!.model as ModelValue;
    const offered = model.inputSchema!.columns.find((c) => c.name === 'Name')!.categories!;
    const allNames = new Set((outputs.get('load')!.data as { table: { columns: { name: string; dictionary?: string[] }[] } }).table.columns.find((c) => c.name === 'Name')!.dictionary);
    expect(offered.length).toBeGreaterThan(100);
    expect(offered.length).toBeLessThan(allNames.size);
    const { warnings } = await predictRecordsBatch(model, offered.map((Name) => ({ Name, Weight_in_lbs: 3000 })));
    expect(warnings).toEqual([]);
  }, 30_000);

  it('explain a feature an Ordinal encode left empty, instead of calling it a null the request sent', async () => {
    const model = await modelWith(['ordinal-encode', { columns: ['Island'] }]);
    const refused = await predictRecordsBatch(model, [{ ...penguin, Island: 'Atlantis' }, { ...penguin, 'Beak Depth (mm)': null }]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PredictionRefused);
    expect((refused as PredictionRefused).problems).toEqual([
      "Record 1: 'Island' is 'Atlantis', a value the model never saw in training (it knows 'Biscoe', 'Dream', 'Torgersen'); Ordinal encode left it empty. Send one of the known values if that is what you meant.",
    ]);
  }, 30_000);
});

describe('a dataset\'s tokens for missing values', () => {
  it('are read as missing in prediction records too, on the general and the compiled path, so a raw row of the file predicts as its training row did', async () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' }, missingTokens: ['.'] }],
      ['split', 'split', { seed: 3 }],
      ['impute', 'impute', { exclude: ['Species'] }],
      ['encode', 'one-hot', { columns: ['Island', 'Sex'] }],
      ['train', 'train', { target: 'Species', model: 'logistic_regression' }],
    ]);
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    const model = decodePortValue(encodePortValue((await executeGraph(graph, createTestContext())).get('train')!.model as ModelValue)) as ModelValue;
    expect(model.inputSchema?.missingTokens).toEqual(['.']);
    const record = { Island: 'Biscoe', 'Beak Length (mm)': 44.5, 'Beak Depth (mm)': 15.7, 'Flipper Length (mm)': 217, 'Body Mass (g)': 4875 };
    const dotted = await predictRecordsBatch(model, [{ ...record, Sex: '.' }]);
    expect(dotted.warnings).toEqual([]);
    expect(await predictRecords(model, [{ ...record, Sex: '.' }])).toEqual(await predictRecords(model, [{ ...record, Sex: null }]));
    const compiled = compileRecordPredictor(model) as RecordPredictor;
    const features = compiled.features([{ ...record, Sex: '.' }]);
    expect(features.unseen).toEqual([]);
    expect(features.columns).toEqual(compiled.features([{ ...record, Sex: null }]).columns);
    // So are an empty text and the spellings every text reader takes as missing, which no training value was.
    for (const blank of ['', ' ', 'NA', 'null']) {
      expect((await predictRecordsBatch(model, [{ ...record, Sex: blank }])).predicted, blank).toEqual((await predictRecordsBatch(model, [{ ...record, Sex: null }])).predicted);
      expect(compiled.features([{ ...record, Sex: blank }]), blank).toEqual(compiled.features([{ ...record, Sex: null }]));
    }
  }, 30_000);
});
