import { z } from 'zod';
import type { ColumnKind } from '../table';
import { column, columns, values } from '../ui-hints';

/**
 * The Validate node's rules: a typed form, one zod object per rule kind, discriminated by `kind`.
 * Every column field is a picker from the upstream schema, so nothing here is parsed from free text
 * except the pattern, which runs on a linear-time engine (see kernels/validate-pattern.ts).
 */

/**
 * Every column kind a type rule can ask for. Typed as a record over ColumnKind so a new kind in
 * table.ts (e.g. dates) fails the type check here until it is listed.
 */
const KIND_NOUNS: Record<ColumnKind, string> = { number: 'numbers', category: 'categories', date: 'dates' };
export const COLUMN_KINDS = Object.keys(KIND_NOUNS) as [ColumnKind, ...ColumnKind[]];
/** "numbers", "categories": what a column of that kind holds, for messages. */
export const kindNoun = (kind: ColumnKind) => KIND_NOUNS[kind];

const pick = (kind?: 'number' | 'category') =>
  z.string().min(1, 'Pick a column.').meta({ title: 'Column', ...column(kind ? { columnKind: kind } : {}) });
const kindOf = <K extends string>(kind: K, title: string) => z.literal(kind).meta({ title });
const optionalNumber = (title: string) => z.number().optional().meta({ title });

const requiredRule = z
  .object({ kind: kindOf('required', 'Column is present'), column: pick() })
  .meta({ title: 'Column is present', description: 'The column exists in the data.' });
const typeRule = z
  .object({ kind: kindOf('type', 'Column type'), column: pick(), type: z.enum(COLUMN_KINDS).default('number').meta({ title: 'Type' }) })
  .meta({ title: 'Column type' });
const notNullRule = z.object({ kind: kindOf('not-null', 'No missing values'), column: pick() }).meta({ title: 'No missing values' });
const rangeRule = z
  .object({
    kind: kindOf('range', 'Value range'),
    column: pick('number'),
    min: optionalNumber('At least'),
    max: optionalNumber('At most'),
  })
  .meta({ title: 'Value range', description: 'Both bounds are inclusive; missing values pass (add a No missing values rule for them).' });
const allowedRule = z
  .object({
    kind: kindOf('allowed-values', 'Allowed values'),
    column: pick('category'),
    values: z.array(z.string().max(200)).max(1000).default([]).meta({ title: 'Allowed values', ...values('column') }),
  })
  .meta({ title: 'Allowed values' });
const patternRule = z
  .object({
    kind: kindOf('pattern', 'Matches a pattern'),
    column: pick('category'),
    pattern: z
      .string()
      // Stored up to this; the pattern check refuses past PATTERN_LIMIT with a message naming the rule.
      .max(2000)
      .default('')
      .meta({ title: 'Pattern', description: 'A regular expression the whole value must match, e.g. [A-Z]{3}-\\d+. Look-arounds and back-references are not supported.' }),
  })
  .meta({ title: 'Matches a pattern' });
const uniqueRule = z.object({ kind: kindOf('unique', 'Unique values'), column: pick() }).meta({ title: 'Unique values' });
const maxMissingRule = z
  .object({
    kind: kindOf('max-missing', 'At most some missing'),
    column: pick(),
    percent: z.number().min(0).max(100).default(5).meta({ title: 'Most missing (%)' }),
  })
  .meta({ title: 'At most some missing' });
const rowCountRule = z
  .object({
    kind: kindOf('row-count', 'Row count'),
    min: z.number().int().min(0).optional().meta({ title: 'At least (rows)' }),
    max: z.number().int().min(0).optional().meta({ title: 'At most (rows)' }),
  })
  .meta({ title: 'Row count' });
const expectedColumnsRule = z
  .object({
    kind: kindOf('expected-columns', 'Expected columns'),
    columns: z.array(z.string()).max(1000).default([]).meta({ title: 'Columns', ...columns() }),
    noOthers: z.boolean().default(false).meta({ title: 'No other columns' }),
  })
  .meta({ title: 'Expected columns' });

export const ruleSchema = z
  .discriminatedUnion('kind', [
    requiredRule,
    typeRule,
    notNullRule,
    rangeRule,
    allowedRule,
    patternRule,
    uniqueRule,
    maxMissingRule,
    rowCountRule,
    expectedColumnsRule,
  ])
  .meta({ title: 'Rule' });

export type Rule = z.infer<typeof ruleSchema>;
export type ColumnRule = Exclude<Rule, { kind: 'row-count' | 'expected-columns' }>;
export type RuleKind = Rule['kind'];

/** Rules broken by the table as a whole rather than by rows: dropping rows cannot fix them. */
export const TABLE_RULES = new Set<RuleKind>(['required', 'type', 'max-missing', 'row-count', 'expected-columns']);

const NOTHING_YET = '(none yet)';
const list = (items: readonly string[], max = 5) =>
  items.length === 0 ? NOTHING_YET : items.length > max ? `${items.slice(0, max).join(', ')}, …` : items.join(', ');
function bounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return max !== undefined ? `at most ${max}` : `within ${NOTHING_YET}`;
}

/** The rule in words, as the failures table and messages show it, e.g. "bill_length_mm between 30 and 60". */
export function describeRule(rule: Rule): string {
  switch (rule.kind) {
    case 'required':
      return `${rule.column} is present`;
    case 'type':
      return `${rule.column} holds ${KIND_NOUNS[rule.type]}`;
    case 'not-null':
      return `${rule.column} is not missing`;
    case 'range':
      return `${rule.column} ${bounds(rule.min, rule.max)}`;
    case 'allowed-values':
      return `${rule.column} in (${list(rule.values)})`;
    case 'pattern':
      return `${rule.column} matches ${rule.pattern || NOTHING_YET}`;
    case 'unique':
      return `${rule.column} is unique`;
    case 'max-missing':
      return `${rule.column} at most ${rule.percent}% missing`;
    case 'row-count':
      return `row count ${bounds(rule.min, rule.max)}`;
    case 'expected-columns':
      return `${rule.noOthers ? 'columns are exactly' : 'columns include'} ${list(rule.columns, 8)}`;
  }
}

/** "Rule 2 (bill_length_mm between 30 and 60)", the way every message names a rule. */
export function nameRule(rule: Rule, index: number): string {
  return `Rule ${index + 1} (${describeRule(rule)})`;
}
