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
