import type { ModelValue } from '../define-node';
import type { UnseenValue } from '../kernels/unseen-categories';
import { traceColumns } from './input-lineage';

/** Records listed per problem before "and N more": a message stays readable for a batch of 1,000. */
const LISTED_RECORDS = 10;

/** "Record 3" or "Records 1, 2, … and 5 more", from 0-based record numbers. */
export function namedRecords(rows: readonly number[]): string {
  const listed = rows.slice(0, LISTED_RECORDS).map((r) => r + 1).join(', ');
  const more = rows.length > LISTED_RECORDS ? ` and ${rows.length - LISTED_RECORDS} more` : '';
  return `${rows.length === 1 ? 'Record' : 'Records'} ${listed}${more}`;
}

/** What names a missing feature in a request: the model's fitted steps and the columns a record sends. */
export type FeatureLineage = Pick<ModelValue, 'fitted' | 'inputSchema'>;

/**
 * Features still missing once a model's preprocessing ran on prediction records (a null that no fitted
 * step fills in), in the words of a request: a feature a step made (date_year from a date) is named by the
 * fields it was made from, as the caller never sends it; the parts of one date share one message. Without
 * the model's `lineage`, features are named as the model reads them.
 */
export function missingFeatureErrors(missing: readonly { record: number; feature: string }[], lineage?: FeatureLineage): string[] {
  const origins = new Map<string, Origin>();
  const groups = new Map<string, { origin: Origin; features: string[]; rows: Set<number> }>();
  for (const { record, feature } of missing) {
    let origin = origins.get(feature);
    if (!origin) origins.set(feature, (origin = originOf(feature, lineage)));
    const key = origin.date ?? `\0${feature}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { origin, features: [], rows: new Set() }));
    if (!group.features.includes(feature)) group.features.push(feature);
    group.rows.add(record);
  }
  return [...groups.values()].map(({ origin, features, rows }) => `${namedRecords([...rows].sort((a, b) => a - b))}: ${missingText(origin, features)}`);
}

/** Where a feature comes from: the request's fields, the steps that made it from them, and the date when that is its one field. */
type Origin = { sources: string[]; steps: string[]; date?: string };

/** A feature traced back through the model's fitted steps to the fields a request sends. */
function originOf(feature: string, lineage: FeatureLineage | undefined): Origin {
  // A step this version cannot trace: the feature keeps the model's name for it.
  const { sources: names, steps } = traceColumns([feature], lineage?.fitted ?? []) ?? { sources: [feature], steps: [] };
  const only = names.length === 1 ? lineage?.inputSchema?.columns.find((c) => c.name === names[0]) : undefined;
  // A date a record sends is refused unless it reads as one, so a part made from it is missing only for a null.
  return { sources: names, steps, ...(steps.length > 0 && only?.kind === 'date' ? { date: only.name } : {}) };
}

function missingText({ sources, steps, date }: Origin, features: readonly string[]): string {
  if (steps.length === 0 || sources.length === 0) return `'${features[0]}' is missing (null), and this model has no Impute step for it: send a value.`;
  const by = `its ${listed(steps)} step${steps.length > 1 ? 's make' : ' makes'}`;
  if (date !== undefined) return `'${date}' is missing (null); this model needs a date there (${by} ${listed(features.map(quoted))} from it): send a date.`;
  // Made by other steps, it may be missing for a value they could not use (a division by 0), not only a null.
  return `'${features[0]}' is missing (${by} it from ${listed(sources.map(quoted))}), and this model has no Impute step for it: send ${sources.length === 1 ? 'a value' : 'values'} it can be made from.`;
}

const quoted = (name: string) => `'${name}'`;
const listed = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? ''));

/**
 * Features still missing after the replay, and the unseen values said first: a value an encoder left empty
 * (Ordinal encode) is why its feature is missing, which its warning says, so it is not also called a null.
 */
export function refusalProblems(missing: readonly { record: number; feature: string }[], unseen: readonly UnseenValue[], lineage?: FeatureLineage): string[] {
  const explained = new Set(unseen.map((u) => `${u.record}\0${u.column}`));
  const unexplained = missing.filter((m) => !explained.has(`${m.record}\0${m.feature}`));
  return [...unseenValueWarnings(unseen), ...missingFeatureErrors(unexplained, lineage)];
}

/** Known values named in a warning before "and N more". */
const LISTED_VALUES = 8;
/** Unseen values of one column warned of one by one; the rest share one warning (a batch of IDs would otherwise give thousands). */
const WARNED_VALUES_PER_COLUMN = 10;

/**
 * Categories an encoder in a model's preprocessing never saw in training (unseen-categories.ts), one warning
 * per column and value, naming its records, what the model knows and what the step made of the value: the
 * prediction is made, but from a reading the caller may not have meant (a typo, another spelling). Past
 * WARNED_VALUES_PER_COLUMN values of a column, the others are summed up in one warning.
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
  const warnings: string[] = [];
  const perColumn = new Map<string, number>();
  const rest = new Map<string, { first: UnseenValue; values: string[]; rows: number[] }>();
  for (const { first, rows } of ordered) {
    const { column, value, known, reading } = first;
    const warned = perColumn.get(column) ?? 0;
    if (warned < WARNED_VALUES_PER_COLUMN) {
      perColumn.set(column, warned + 1);
      warnings.push(`${namedRecords(rows)}: '${column}' is '${value}', a value the model never saw in training (it knows ${knownValues(known)}); ${reading}. Send one of the known values if that is what you meant.`);
      continue;
    }
    const more = rest.get(column) ?? rest.set(column, { first, values: [], rows: [] }).get(column)!;
    more.values.push(value);
    more.rows.push(...rows);
  }
  for (const { first, values, rows } of rest.values()) {
    const examples = values.slice(0, 3).map((v) => `'${v}'`).join(', ');
    warnings.push(
      `${namedRecords(rows.sort((a, b) => a - b))}: '${first.column}' has ${values.length} more values the model never saw in training (${examples}${values.length > 3 ? ', …' : ''}; it knows ${knownValues(first.known)}); ${first.reading}.`,
    );
  }
  return warnings;
}

/** In code-point order whatever the encoder's own order (One-hot's sorted, others' by first appearance), so warnings read alike. */
function knownValues(known: readonly string[]): string {
  const listed = [...known].sort(compare).slice(0, LISTED_VALUES).map((k) => `'${k}'`).join(', ');
  return known.length > LISTED_VALUES ? `${listed} and ${known.length - LISTED_VALUES} more` : listed;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
