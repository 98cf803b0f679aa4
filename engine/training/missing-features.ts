import type { UnseenValue } from '../kernels/unseen-categories';

/** Records listed per problem before "and N more": a message stays readable for a batch of 1,000. */
const LISTED_RECORDS = 10;

/** "Record 3" or "Records 1, 2, … and 5 more", from 0-based record numbers. */
export function namedRecords(rows: readonly number[]): string {
  const listed = rows.slice(0, LISTED_RECORDS).map((r) => r + 1).join(', ');
  const more = rows.length > LISTED_RECORDS ? ` and ${rows.length - LISTED_RECORDS} more` : '';
  return `${rows.length === 1 ? 'Record' : 'Records'} ${listed}${more}`;
}

/**
 * Features still missing once a model's preprocessing ran on prediction records (a null that no fitted
 * step fills in): one message per feature, naming its records, in the words of a request.
 */
export function missingFeatureErrors(missing: readonly { record: number; feature: string }[]): string[] {
  const byFeature = new Map<string, number[]>();
  for (const { record, feature } of missing) {
    const rows = byFeature.get(feature);
    if (rows) rows.push(record);
    else byFeature.set(feature, [record]);
  }
  return [...byFeature].map(([feature, rows]) => `${namedRecords(rows)}: '${feature}' is missing (null), and this model has no Impute step for it: send a value.`);
}

/** Known values named in a warning before "and N more". */
const LISTED_VALUES = 8;

/**
 * Categories an encoder in a model's preprocessing never saw in training (unseen-categories.ts), one warning
 * per column and value, naming its records, what the model knows and what the step made of the value: the
 * prediction is made, but from a reading the caller may not have meant (a typo, another spelling).
 */
export function unseenValueWarnings(unseen: readonly UnseenValue[]): string[] {
  const groups = new Map<string, { first: UnseenValue; rows: number[] }>();
  for (const u of unseen) {
    const key = JSON.stringify([u.column, u.value, u.reading]);
    const group = groups.get(key);
    if (group) group.rows.push(u.record);
    else groups.set(key, { first: u, rows: [u.record] });
  }
  // By first record, then column and value: the compiled replay (record-predictor.ts) meets them record by record, the general one step by step.
  const ordered = [...groups.values()].sort((a, b) => a.rows[0]! - b.rows[0]! || compare(a.first.column, b.first.column) || compare(a.first.value, b.first.value));
  return ordered.map(({ first: { column, value, known, reading }, rows }) => {
    const listed = known.slice(0, LISTED_VALUES).map((k) => `'${k}'`).join(', ');
    const more = known.length > LISTED_VALUES ? ` and ${known.length - LISTED_VALUES} more` : '';
    return `${namedRecords(rows)}: '${column}' is '${value}', a value the model never saw in training (it knows ${listed}${more}); ${reading}. Send one of the known values if that is what you meant.`;
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
