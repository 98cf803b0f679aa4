import { UserError } from '../define-node';
import type { ColumnSchema, Table, TableSchema } from '../table';
import { MAX_SCHEMA_CATEGORIES } from '../table-ops';
import { checkSchemaColumns } from './preprocess-node';

/**
 * Which columns Train learns from. With no pick, every usable column: numbers other than the target.
 * Everything else is left out with a reason the editor shows as a warning, with the step that fixes it.
 */
export type LeftOutReason = 'target' | 'category' | 'many-values' | 'constant' | 'not-numeric';
export type FeaturePick = { features: string[]; leftOut: { column: string; reason: LeftOutReason; distinct?: number }[] };

/** A category column with at least this many values is likely an ID, a name or free text. */
export const MANY_VALUES = 100;

function reasonFor(col: ColumnSchema): { reason: Exclude<LeftOutReason, 'target'>; distinct?: number } {
  if (col.kind !== 'category') return { reason: 'not-numeric' };
  const distinct = col.categories?.length;
  if (distinct === 1) return { reason: 'constant', distinct };
  if (distinct !== undefined && distinct >= MANY_VALUES) return { reason: 'many-values', distinct };
  return { reason: 'category', distinct };
}

/** The target's task is Train's to infer (engine/training/feature-columns.ts); features are the picked columns, or every usable one. */
export function selectFeatures(schema: TableSchema, target: string, picked: readonly string[]): FeaturePick {
  checkSchemaColumns(schema, [target], 'Train');
  return pickFeatures(schema, target, picked);
}

export function pickFeatures(schema: TableSchema, target: string, picked: readonly string[]): FeaturePick {
  if (picked.length > 0) return { features: checkPicked(schema, target, picked), leftOut: [] };
  const leftOut: FeaturePick['leftOut'] = [];
  const features: string[] = [];
  for (const col of schema.columns) {
    if (col.name === target) leftOut.push({ column: col.name, reason: 'target' });
    else if (col.kind === 'number') features.push(col.name);
    else leftOut.push({ column: col.name, ...reasonFor(col) });
  }
  if (features.length === 0) {
    throw new UserError(`Train: there is no numeric column to learn from besides the target. ${describeLeftOut(leftOut).join(' ') || 'Add numeric columns.'}`);
  }
  return { features, leftOut };
}

function checkPicked(schema: TableSchema, target: string, picked: readonly string[]): string[] {
  checkSchemaColumns(schema, picked, 'Train');
  if (new Set(picked).size !== picked.length) throw new UserError('Train: a feature is listed twice. Keep each column once.');
  for (const name of picked) {
    const col = schema.columns.find((c) => c.name === name)!;
    if (name === target) throw new UserError(`Train: '${name}' is the target, so it cannot also be a feature. Remove it from Features.`, { column: name });
    if (col.kind !== 'number') {
      throw new UserError(`Train: feature '${name}' ${describeKind(col)}, but the model needs numbers. ${fixFor(reasonFor(col).reason)} Or remove it from Features.`, { column: name });
    }
  }
  return [...picked];
}

const describeKind = (col: ColumnSchema) => (col.kind === 'category' ? 'holds categories' : `holds ${String(col.kind)} values`);

/** What to do about a left-out column; `them` is 'it' or 'them'. */
function fixFor(reason: Exclude<LeftOutReason, 'target'>, them = 'it'): string {
  switch (reason) {
    case 'category':
      return `Encode ${them} before Train with One-hot, Ordinal encode or Target encode.`;
    case 'many-values':
      return `Drop ${them} with Drop columns if ${them === 'it' ? 'it is an ID or a name' : 'they are IDs or names'}, or encode ${them} with One-hot (most frequent values + other), Frequency encode or Target encode.`;
    case 'constant':
      return `There is nothing to learn from one value: drop ${them} with Drop columns.`;
    case 'not-numeric':
      return `Turn ${them} into numbers first (dates: Date parts).`;
  }
}

const quote = (name: string) => `'${name}'`;

function listOf(labels: string[]): string {
  const shown = labels.slice(0, 6).join(', ');
  return labels.length > 6 ? `${shown} and ${labels.length - 6} more` : shown;
}

const WHAT: Record<Exclude<LeftOutReason, 'target'>, string> = {
  'many-values': 'so many different values look like IDs or names',
  constant: 'one value only',
  category: 'categories',
  'not-numeric': 'not numbers',
};

/** One sentence per reason (the target is not worth a warning), e.g. for the editor. */
export function describeLeftOut(leftOut: FeaturePick['leftOut']): string[] {
  const groups = new Map<Exclude<LeftOutReason, 'target'>, string[]>();
  for (const { column, reason, distinct } of leftOut) {
    if (reason === 'target') continue;
    const count = distinct! >= MAX_SCHEMA_CATEGORIES ? `${MAX_SCHEMA_CATEGORIES}+` : String(distinct);
    const label = reason === 'many-values' ? `${quote(column)} (${count} values)` : quote(column);
    groups.set(reason, [...(groups.get(reason) ?? []), label]);
  }
  return [...groups].map(([reason, labels]) => `Train leaves out ${listOf(labels)}: ${WHAT[reason]}. ${fixFor(reason, labels.length === 1 ? 'it' : 'them')}`);
}

/**
 * Numeric features with the same value (or none) in every training row carry nothing to learn and, if
 * all missing, would stop training; with no explicit pick they are left out at run time with a log line.
 */
export function dropConstantFeatures(train: Table, features: string[], log: (message: string) => void): string[] {
  const constant = new Set<string>();
  for (const col of train.columns) {
    if (col.kind !== 'number' || !features.includes(col.name)) continue;
    const v = col.values;
    let first = NaN;
    let varies = false;
    for (let i = 0; i < v.length && !varies; i++) {
      if (v[i] !== v[i]) continue;
      if (first !== first) first = v[i];
      else if (v[i] !== first) varies = true;
    }
    if (!varies) constant.add(col.name);
  }
  if (constant.size === 0) return features;
  const kept = features.filter((f) => !constant.has(f));
  if (kept.length === 0) throw new UserError(`Train: every numeric feature (${listOf([...constant].map(quote))}) has the same value in every training row, so there is nothing to learn from. Add columns that vary.`);
  log(`Left out ${listOf([...constant].map(quote))}: the same value (or none) in every training row.`);
  return kept;
}
