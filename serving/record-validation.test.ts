import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../engine/define-node';
import { findJsonErrorPosition } from './json-error-position';
import { missingFeatureErrors } from '../engine/training/missing-features';
import { validatePredictBody } from './record-validation';

const model = {
  target: 'Species',
  inputSchema: {
    columns: [
      { name: 'Island', kind: 'category', categories: ['Biscoe', 'Dream'] },
      { name: 'Mass', kind: 'number' },
    ],
  },
} as ModelValue;
const ok = { Island: 'Dream', Mass: 3500 };

describe('validatePredictBody', () => {
  it('accepts records with every input column, nulls, booleans as text and the target left in', () => {
    const records = [ok, { Island: null, Mass: null }, { Island: true, Mass: 1, Species: 'Adelie' }];
    expect(validatePredictBody({ records }, model, 10)).toEqual({ records });
  });

  it('groups one problem over many records into one line naming the first ten', () => {
    const records = Array.from({ length: 12 }, () => ({ ...ok, Mass: 'heavy' }));
    expect(validatePredictBody({ records }, model, 100)).toEqual({
      errors: ["Records 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more: 'Mass' must be a number or null, not the text \"heavy\"."],
    });
  });

  it('lists too many records together with the problems of the records', () => {
    const result = validatePredictBody({ records: [ok, ok, { Island: 'Dream' }] }, model, 2);
    expect(result).toEqual({
      errors: [
        '"records" holds 3 records; at most 2 are accepted per request (PREDICT_MAX_RECORDS). Split them into smaller batches.',
        "Record 3: the column 'Mass' is missing (send null when the value is unknown).",
        "This model takes the columns: 'Island' (text), 'Mass' (number).",
      ],
    });
  });

  it.each([
    ['an unknown column', { ...ok, Colour: 'black' }],
    ['a missing column', { Island: 'Dream' }],
    ['a missing column made up by the target', { Island: 'Dream', Species: 'Adelie' }],
    ['text for a number', { ...ok, Mass: '3500' }],
    ['a number for text', { ...ok, Island: 7 }],
    ['an infinite number', { ...ok, Mass: Infinity }],
    ['NaN', { ...ok, Mass: NaN }],
    ['an array', [ok]],
    ['null', null],
  ])('refuses a record with %s, alone or after good ones', (_, bad) => {
    expect(validatePredictBody({ records: [bad] }, model, 10)).toHaveProperty('errors');
    expect(validatePredictBody({ records: [ok, ok, bad] }, model, 10)).toHaveProperty('errors');
  });

  it('lets a record leave out the columns the model does not read, and says which those are', () => {
    const partly = { ...model, inputSchema: { columns: [...model.inputSchema!.columns, { name: 'Name', kind: 'category', unused: true }] } } as ModelValue;
    const records = [ok, { ...ok, Name: 'Pingu' }, { ...ok, Name: null }];
    expect(validatePredictBody({ records }, partly, 10)).toEqual({ records });
    // The fast check counts the fields: one the model does not know is still refused.
    expect(validatePredictBody({ records: [{ ...ok, Colour: 'black' }] }, partly, 10)).toHaveProperty('errors');
    expect(validatePredictBody({ records: [{ Island: 'Dream' }] }, partly, 10)).toEqual({
      errors: [
        "Record 1: the column 'Mass' is missing (send null when the value is unknown).",
        "This model takes the columns: 'Island' (text), 'Mass' (number). It does not read 'Name', which may be left out.",
      ],
    });
  });

  it('reads only own fields: an inherited one is neither a column nor unknown', () => {
    const records = [Object.assign(Object.create({ Colour: 'black' }), ok)];
    expect(validatePredictBody({ records }, model, 10)).toEqual({ records });
    expect(validatePredictBody({ records: [Object.assign(Object.create({ Mass: 1 }), { Island: 'Dream' })] }, model, 10)).toHaveProperty('errors');
  });

  it('refuses bodies without a records array', () => {
    expect(validatePredictBody([ok], model, 10)).toEqual({ errors: [expect.stringContaining('"records" array')] });
    expect(validatePredictBody({ records: ok }, model, 10)).toEqual({ errors: ['"records" must be an array of objects; found an object.'] });
  });
});

describe('missingFeatureErrors', () => {
  it('names the feature and the records still missing it after preprocessing', () => {
    expect(missingFeatureErrors([{ record: 0, feature: 'Mass' }, { record: 4, feature: 'Mass' }])).toEqual([
      "Records 1, 5: 'Mass' is missing (null), and this model has no Impute step for it: send a value.",
    ]);
  });
});

describe('findJsonErrorPosition', () => {
  it.each([
    ['{"a": }', 6],
    ['{"a": 1', 7],
    ['[1, 2,]', 6],
    ['{"a": "x\\q"}', 9],
    ['{"a": tru}', 9],
    ['{"a": 1} x', 9],
    ['{"a": -}', 6],
  ])('%s breaks at %i', (text, position) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonErrorPosition(text)).toBe(position);
  });
});
