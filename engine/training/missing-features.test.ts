import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../define-node';
import { executeGraph } from '../execute';
import type { UnseenValue } from '../kernels/unseen-categories';
import { buildChain, createTestContext } from '../testing/fixtures';
import { missingFeatureErrors, unseenValueWarnings } from './missing-features';

const unseen = (record: number, column: string, value: string): UnseenValue => ({ record, column, value, known: ['a', 'b'], reading: 'Frequency encode gave it a frequency of 0' });

describe('unseenValueWarnings', () => {
  it('warns once per column and value, naming every record, in order of first record', () => {
    expect(unseenValueWarnings([unseen(2, 'city', 'Oslo'), unseen(0, 'city', 'Rome'), unseen(5, 'city', 'Oslo')])).toEqual([
      "Record 1: 'city' is 'Rome', a value the model never saw in training (it knows 'a', 'b'); Frequency encode gave it a frequency of 0. Send one of the known values if that is what you meant.",
      "Records 3, 6: 'city' is 'Oslo', a value the model never saw in training (it knows 'a', 'b'); Frequency encode gave it a frequency of 0. Send one of the known values if that is what you meant.",
    ]);
  });

  it('sums up a column\'s values past the tenth in one warning, so a batch of new IDs gives a dozen lines, not thousands', () => {
    const warnings = unseenValueWarnings(Array.from({ length: 2_000 }, (_, r) => unseen(r, 'customer', `C${r}`)));
    expect(warnings).toHaveLength(11);
    expect(warnings[9]).toContain("Record 10: 'customer' is 'C9'");
    expect(warnings[10]).toBe(
      "Records 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 and 1980 more: 'customer' has 1990 more values the model never saw in training ('C10', 'C11', 'C12', …; it knows 'a', 'b'); Frequency encode gave it a frequency of 0.",
    );
  });
});

describe('missingFeatureErrors', () => {
  /** Seattle weather: the date's parts, and a derived column, made after the split; no Impute step. */
  async function trainOnWeather(): Promise<ModelValue> {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'seattle-weather' } }],
      ['split', 'split', { seed: 3 }],
      ['parts', 'date-parts', { column: 'date', parts: ['year', 'month', 'weekday', 'day_of_year'] }],
      ['range', 'derive', { name: 'temp_range', expression: '`temp_max` - `temp_min`' }],
      ['train', 'train', { target: 'weather', model: 'decision_tree', hyperparameters: { max_depth: 3 } }],
    ]);
    graph.nodes.find((n) => n.id === 'train')!.version = 2;
    return (await executeGraph(graph, createTestContext())).get('train')!.model as ModelValue;
  }

  it("names a date's missing parts by the date a request sends, once per record, and a derived feature by its fields", async () => {
    const model = await trainOnWeather();
    expect(model.inputSchema!.columns.find((c) => c.name === 'date')!.kind).toBe('date');
    const parts = ['date_year', 'date_month', 'date_weekday', 'date_day_of_year'];
    expect(model.features).toEqual(expect.arrayContaining([...parts, 'temp_range', 'wind']));
    // As the replay lists them: feature by feature, each with its records.
    const missing = [...parts.flatMap((feature) => [0, 2].map((record) => ({ record, feature }))), { record: 1, feature: 'temp_range' }, { record: 1, feature: 'wind' }];
    expect(missingFeatureErrors(missing, model)).toEqual([
      "Records 1, 3: 'date' is missing (null); this model needs a date there (its Date parts step makes 'date_year', 'date_month', 'date_weekday' and 'date_day_of_year' from it): send a date.",
      "Record 2: 'temp_range' is missing (its Derive column step makes it from 'temp_max' and 'temp_min'), and this model has no Impute step for it: send values it can be made from.",
      "Record 2: 'wind' is missing (null), and this model has no Impute step for it: send a value.",
    ]);
    // Without the model's steps, only the names it reads are known.
    expect(missingFeatureErrors([{ record: 0, feature: 'date_year' }])).toEqual(["Record 1: 'date_year' is missing (null), and this model has no Impute step for it: send a value."]);
  }, 60_000);
});
