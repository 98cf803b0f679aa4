import { UserError } from '../define-node';
import { compilePattern, type PatternTest } from '../kernels/validate-pattern';
import type { ColumnKind, ColumnSchema, TableSchema } from '../table';
import { nameRule, type Rule } from './validate-rules';

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
    const fail = (problem: string, column?: string) => new UserError(`Validate, ${nameRule(rule, index)}: ${problem}.`, { column });
    const skip = rule.kind !== 'required' && rule.kind !== 'type' && 'column' in rule && isGuarded(rule.column, byName.get(rule.column), rules);
    if (skip) return { rule, index, skip };
    const want = (kind: ColumnKind | undefined) => (name: string) => requireColumn(name, kind, byName, schema, fail);
    switch (rule.kind) {
      case 'required':
      case 'type':
        return { rule, index, skip };
      case 'not-null':
      case 'unique':
      case 'max-missing':
        want(undefined)(rule.column);
        return { rule, index, skip };
      case 'range':
        want('number')(rule.column);
        checkBounds(rule.min, rule.max, fail);
        return { rule, index, skip };
      case 'allowed-values':
        want('category')(rule.column);
        if (rule.values.length === 0) throw fail('no values are allowed yet. Tick the values the column may hold', rule.column);
        return { rule, index, skip };
      case 'pattern': {
        want('category')(rule.column);
        const compiled = compilePattern(rule.pattern);
        if (!compiled.ok) throw fail(compiled.problem, rule.column);
        return { rule, index, skip, pattern: compiled.test };
      }
      case 'row-count':
        checkBounds(rule.min, rule.max, fail);
        return { rule, index, skip };
      case 'expected-columns':
        if (rule.columns.length === 0) throw fail('no columns are listed. Pick the columns the data must have');
        return { rule, index, skip };
    }
  });
}

/**
 * A column is guarded when a shape rule will report what is wrong with it: a Column is present or
 * Expected columns rule for an absent column, a Column type rule asking for another kind than it has.
 */
function isGuarded(name: string, found: ColumnSchema | undefined, rules: readonly Rule[]): boolean {
  if (!found) {
    return rules.some((r) => ((r.kind === 'required' || r.kind === 'type') && r.column === name) || (r.kind === 'expected-columns' && r.columns.includes(name)));
  }
  return rules.some((r) => r.kind === 'type' && r.column === name && r.type !== found.kind);
}

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
    throw fail(`column '${name}' holds ${found.kind === 'number' ? 'numbers' : 'categories'}, but this rule checks ${kind === 'number' ? 'numbers' : 'categories'}. ${fix}`, name);
  }
}

function checkBounds(min: number | undefined, max: number | undefined, fail: (problem: string) => UserError): void {
  if (min === undefined && max === undefined) throw fail('give at least one bound (at least, at most, or both)');
  if (min !== undefined && max !== undefined && min > max) throw fail(`the lower bound ${min} is above the upper bound ${max}. Swap them`);
}
