import { UserError } from '../define-node';
import { compilePattern, type PatternTest } from '../kernels/validate-pattern';
import type { ColumnKind, ColumnSchema, TableSchema } from '../table';
import { kindNoun, nameRule, type ColumnRule, type Rule } from './validate-rules';

/**
 * Checks the rules against a table's schema before any row is read: at edit time against the
 * upstream schema, and again at run time against the actual data. A configuration mistake (a rule
 * on a missing column, a range on categories, a bad pattern) throws a UserError naming the rule.
 *
 * Shape rules (Column is present, Column type, Expected columns) are data checks themselves, so a
 * column they name may be absent or of another kind: rules on such a column are skipped, and the
 * shape rule reports the problem in the node's mode instead of blocking the run.
 */
export type PlannedRule = { rule: Rule; index: number; skip: boolean; pattern?: PatternTest };

export function planRules(schema: TableSchema, rules: readonly Rule[]): PlannedRule[] {
  const byName = new Map(schema.columns.map((c) => [c.name, c]));
  return rules.map((rule, index) => {
    const planned = { rule, index, skip: false };
    if (rule.kind === 'required' || rule.kind === 'type') return planned;
    const fail = (problem: string, column?: string) => new UserError(`Validate, ${nameRule(rule, index)}: ${problem}.`, { column });
    if ('column' in rule) {
      if (isGuarded(rule, byName.get(rule.column), rules)) return { ...planned, skip: true };
      requireColumn(rule.column, KIND_NEEDED[rule.kind], byName, schema, fail);
    }
    switch (rule.kind) {
      case 'range':
      case 'row-count':
        checkBounds(rule.min, rule.max, fail);
        return planned;
      case 'allowed-values':
        if (rule.values.length === 0) throw fail('no values are allowed yet. Tick the values the column may hold', rule.column);
        return planned;
      case 'pattern': {
        const compiled = compilePattern(rule.pattern);
        if (!compiled.ok) throw fail(compiled.problem, rule.column);
        return { ...planned, pattern: compiled.test };
      }
      case 'expected-columns':
        if (rule.columns.length === 0) throw fail('no columns are listed. Pick the columns the data must have');
        return planned;
      default:
        return planned;
    }
  });
}

/**
 * A rule is guarded when a shape rule will report what is wrong with its column: a Column is present,
 * Column type or Expected columns rule for an absent column; a Column type rule that the column's
 * kind breaks, for a rule that needs the other kind (a range on what turned out to be categories).
 */
function isGuarded(rule: ColumnRule, found: ColumnSchema | undefined, rules: readonly Rule[]): boolean {
  const name = rule.column;
  if (!found) {
    return rules.some((r) => ((r.kind === 'required' || r.kind === 'type') && r.column === name) || (r.kind === 'expected-columns' && r.columns.includes(name)));
  }
  const needs = KIND_NEEDED[rule.kind];
  return needs !== undefined && needs !== found.kind && rules.some((r) => r.kind === 'type' && r.column === name && r.type !== found.kind);
}

/** The column kind a rule works on, where it needs one. */
const KIND_NEEDED: Partial<Record<Rule['kind'], ColumnKind>> = { range: 'number', 'allowed-values': 'category', pattern: 'category' };

function requireColumn(
  name: string,
  kind: ColumnKind | undefined,
  byName: Map<string, ColumnSchema>,
  schema: TableSchema,
  fail: (problem: string, column?: string) => UserError,
): void {
  const found = byName.get(name);
  if (!found) {
    const available = schema.columns.map((c) => c.name).join(', ') || '(none)';
    throw fail(`column '${name}' was not found. Available columns: ${available}. Pick another column, or add a 'Column is present' rule to report its absence instead`, name);
  }
  if (kind && found.kind !== kind) {
    const fix = kind === 'number' ? 'Use an Allowed values or Pattern rule for categories, or cast the column to numbers first' : 'Use a Value range rule for numbers, or cast the column to categories first';
    throw fail(`column '${name}' holds ${kindNoun(found.kind)}, but this rule checks ${kindNoun(kind)}. ${fix}`, name);
  }
}

function checkBounds(min: number | undefined, max: number | undefined, fail: (problem: string) => UserError): void {
  if (min === undefined && max === undefined) throw fail('give at least one bound (at least, at most, or both)');
  if (min !== undefined && max !== undefined && min > max) throw fail(`the lower bound ${min} is above the upper bound ${max}. Swap them`);
}
