import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../engine/define-node';
import { MAX_SCHEMA_CATEGORIES } from '../engine/table-ops';
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
  it('accepts records with every input column, nulls and the target left in', () => {
    const records = [ok, { Island: null, Mass: null }, { Island: 'Biscoe', Mass: 1, Species: 'Adelie' }];
    expect(validatePredictBody({ records }, model, 10)).toEqual({ records });
  });

  it('takes true/false as text in a column that learned them (a JSON upload reads booleans so), and refuses them elsewhere', () => {
    const flagged = { ...model, inputSchema: { columns: [...model.inputSchema!.columns, { name: 'Ringed', kind: 'category', categories: ['false', 'true'] }] } } as ModelValue;
    const records = [{ ...ok, Ringed: true }, { ...ok, Ringed: false }, { ...ok, Ringed: 'true' }];
    expect(validatePredictBody({ records }, flagged, 10)).toEqual({ records });
    expect(validatePredictBody({ records: [{ ...ok, Ringed: false, Island: true }] }, flagged, 10)).toEqual({
      errors: ["Record 1: 'Island' must be text or null, not the boolean true (known values: \"Biscoe\", \"Dream\")."],
    });
    // A schema lists the first MAX_SCHEMA_CATEGORIES values only: 'true' may be among those it left out.
    const many = Array.from({ length: MAX_SCHEMA_CATEGORIES }, (_, i) => `tag ${i}`);
    const tagged = { ...model, inputSchema: { columns: [...model.inputSchema!.columns, { name: 'Tag', kind: 'category', categories: many }] } } as ModelValue;
    expect(validatePredictBody({ records: [{ ...ok, Tag: true }] }, tagged, 10)).toEqual({ records: [{ ...ok, Tag: true }] });
  });

  it('groups records only when their whole message is the same, each naming its own value', () => {
    const records = [{ ...ok, Mass: 'x' }, { ...ok, Mass: true }, { ...ok, Mass: 'x' }];
    expect(validatePredictBody({ records }, model, 10)).toEqual({
      errors: ["Records 1, 3: 'Mass' must be a number or null, not the text \"x\".", "Record 2: 'Mass' must be a number or null, not the boolean true."],
    });
    expect(validatePredictBody({ records: [1, 'a', null, 1] }, model, 10)).toEqual({
      errors: [
        'Records 1, 4: not an object with named fields (found the number 1); each record must look like {"column": value, ...}.',
        'Record 2: not an object with named fields (found the text "a"); each record must look like {"column": value, ...}.',
        'Record 3: not an object with named fields (found null); each record must look like {"column": value, ...}.',
      ],
    });
  });

  it('names a few distinct wrong values of a column one by one and the rest in one line', () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ ...ok, Mass: String(3000 + (i % 15)) }));
    const { errors } = validatePredictBody({ records }, model, 100) as { errors: string[] };
    expect(errors).toHaveLength(5);
    expect(errors[0]).toBe("Records 1, 16: 'Mass' must be a number or null, not the text \"3000\".");
    expect(errors[4]).toBe("Records 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 and 12 more: 'Mass' must be a number or null, not the text \"3004\" or 10 other values.");
    const six = Array.from({ length: 6 }, (_, i) => ({ ...ok, Mass: String(3000 + i) }));
    expect((validatePredictBody({ records: six }, model, 100) as { errors: string[] }).errors[4]).toBe("Records 5, 6: 'Mass' must be a number or null, not the text \"3004\" or 1 other value.");
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
    ['a boolean for text the model never saw as true/false', { ...ok, Island: true }],
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
