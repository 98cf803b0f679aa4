import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../define-node';
import { executeGraph } from '../execute';
import { parseGraph } from '../graph';
import { nodeTypes } from '../registry';
import { findExamplePipeline } from '../samples/example-pipelines';
import { findSampleDataset, locateSampleFile } from '../samples/catalog';
import { buildChain, createTestContext } from '../testing/fixtures';
import { predictRecords } from './predict-records';

const rawPenguins = JSON.parse(readFileSync(fileURLToPath(locateSampleFile(findSampleDataset('penguins')!)), 'utf8')) as Record<string, unknown>[];
const unusedOf = (model: ModelValue) => model.inputSchema!.columns.filter((c) => c.unused).map((c) => c.name);
const without = (records: Record<string, unknown>[], names: string[]) => records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !names.includes(k))));

describe('the raw columns a model reads', () => {
  it('every step a prediction replays says where its output columns come from', () => {
    const silent = nodeTypes.filter((def) => def.applyFitted && !def.fittedSources).map((def) => def.type);
    expect(silent).toEqual([]);
  });

  it('traces features back through derive, rename, target encoding, one-hot and in-place steps to the columns they read', async () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['split', 'split', { seed: 3 }],
      ['ratio', 'derive', { name: 'beak ratio', expression: '`Beak Length (mm)` / `Beak Depth (mm)`' }],
      ['rename', 'rename-columns', { renames: [{ from: 'Flipper Length (mm)', to: 'flipper' }] }],
      ['impute', 'impute', {}],
      ['island', 'target-encode', { columns: ['Island'], target: 'Species' }],
      ['encode', 'one-hot', { columns: ['Sex'] }],
      ['scale', 'standard-scale', {}],
      ['train', 'train', { target: 'Species', model: 'logistic_regression', features: ['beak ratio', 'flipper', 'Island:Gentoo', 'Island:Adelie'] }],
    ]);
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    const model = (await executeGraph(graph, createTestContext())).get('train')!.model as ModelValue;
    expect(model.fitted.map((f) => f.type)).toEqual(['derive', 'rename-columns', 'impute', 'target-encode', 'one-hot', 'standard-scale']);
    // Sex is one-hot encoded, but no feature kept its columns; Body Mass is imputed and scaled, and unused too.
    expect(unusedOf(model).sort()).toEqual(['Body Mass (g)', 'Sex']);

    // What the model reads decides its predictions: the unused columns changed or left out change nothing.
    const records = rawPenguins.slice(0, 60);
    const expected = await predictRecords(model, records);
    const scrambled = records.map((r, i) => ({ ...r, Sex: i % 2 ? 'MALE' : null, 'Body Mass (g)': 1000 + 97 * i }));
    expect(await predictRecords(model, scrambled)).toEqual(expected);
    expect(await predictRecords(model, without(records, ['Sex', 'Body Mass (g)']))).toEqual(expected);
    // …while each column it reads does.
    for (const name of ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Island']) {
      const changed = records.map((r, i) => ({ ...r, [name]: name === 'Island' ? ['Biscoe', 'Dream', 'Torgersen'][(i + 1) % 3] : (r[name] as number) * 1.7 + 5 }));
      expect(await predictRecords(model, changed), name).not.toEqual(expected);
    }
  }, 60_000);

  it("marks the Car fuel economy model's Name unused: the example drops it (its Year becomes a number through Date parts)", async () => {
    const example = findExamplePipeline('cars-mpg')!;
    const model = (await executeGraph(parseGraph(example.graph), createTestContext())).get('train-1')!.model as ModelValue;
    expect(unusedOf(model)).toEqual(['Name']);
    const rawCars = JSON.parse(readFileSync(fileURLToPath(locateSampleFile(findSampleDataset('cars')!)), 'utf8')) as Record<string, unknown>[];
    const records = rawCars.slice(0, 20);
    expect(await predictRecords(model, without(records, ['Name']))).toEqual(await predictRecords(model, records));
  }, 60_000);

  it("traces the Seattle weather model's month back to its date column", async () => {
    const example = findExamplePipeline('seattle-weather')!;
    const model = (await executeGraph(parseGraph(example.graph), createTestContext())).get('train-1')!.model as ModelValue;
    // The date itself is no feature (Train leaves dates out); the month Date parts takes from it is.
    expect(model.features).not.toContain('date');
    expect(unusedOf(model)).toEqual([]);
  }, 60_000);
});
