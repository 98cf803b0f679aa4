import { findFailingCategories, findMissing, findOutOfRange, findRepeats } from '../kernels/validate-rows';
import type { CategoryColumn, Column, Table } from '../table';
import { countMissing } from '../table-ops';
import type { PlannedRule } from './validate-plan';
import { describeRule, kindNoun, type Rule, type RuleKind } from './validate-rules';

/**
 * What one rule found on one table. Row rules mark the rows that break them (`mask`); table rules
 * (shape, row count, share of missing values) are broken or not as a whole, and say what they found.
 */
export type RuleOutcome = {
  /** 0-based position of the rule in the node's list. */
  index: number;
  kind: RuleKind;
  text: string;
  column?: string;
  /** Rows breaking a row rule; 1 for a broken table rule, 0 for a kept one. */
  failed: number;
  mask?: Uint8Array;
  /** A broken table rule's finding, e.g. "got 344 rows". */
  detail?: string;
};

/** Runs every planned rule over the table; skipped rules (see planRules) are left out. */
export function checkTable(table: Table, plan: readonly PlannedRule[]): RuleOutcome[] {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  return plan.filter((p) => !p.skip).map((p) => checkRule(table, byName, p));
}

function checkRule(table: Table, byName: Map<string, Column>, { rule, index, pattern }: PlannedRule): RuleOutcome {
  const base = { index, kind: rule.kind, text: describeRule(rule), column: 'column' in rule ? rule.column : undefined };
  const col = 'column' in rule ? byName.get(rule.column) : undefined;
  const rowsOf = (found: { mask: Uint8Array; failed: number }): RuleOutcome => ({ ...base, ...found });
  const tableRule = (detail: string | undefined): RuleOutcome => (detail === undefined ? { ...base, failed: 0 } : { ...base, failed: 1, detail });
  switch (rule.kind) {
    case 'required':
      return tableRule(col ? undefined : `column '${rule.column}' is missing`);
    case 'type':
      return tableRule(!col ? `column '${rule.column}' is missing` : col.kind !== rule.type ? `it holds ${kindNoun(col.kind)}` : undefined);
    case 'expected-columns':
      return tableRule(describeShape(table, rule));
    case 'row-count': {
      const n = table.rowCount;
      const broken = (rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max);
      return tableRule(broken ? `got ${n.toLocaleString('en-US')} rows` : undefined);
    }
    case 'max-missing': {
      const missing = countMissing(col!);
      const share = table.rowCount === 0 ? 0 : (100 * missing) / table.rowCount;
      return tableRule(share > rule.percent ? `${missing.toLocaleString('en-US')} of ${table.rowCount.toLocaleString('en-US')} rows are missing (${share.toFixed(1)}%)` : undefined);
    }
    case 'not-null':
      return rowsOf(findMissing(col!));
    case 'unique':
      return rowsOf(findRepeats(col!));
    case 'range':
      return rowsOf(findOutOfRange(numbers(col!), rule.min, rule.max));
    case 'allowed-values': {
      const allowed = new Set(rule.values);
      return rowsOf(findFailingCategories(categories(col!), (value) => allowed.has(value)));
    }
    case 'pattern':
      return rowsOf(findFailingCategories(categories(col!), pattern!));
  }
}

function describeShape(table: Table, rule: Extract<Rule, { kind: 'expected-columns' }>): string | undefined {
  const present = new Set(table.columns.map((c) => c.name));
  const wanted = new Set(rule.columns);
  const missing = rule.columns.filter((name) => !present.has(name));
  const extra = rule.noOthers ? table.columns.map((c) => c.name).filter((name) => !wanted.has(name)) : [];
  const parts = [missing.length ? `missing: ${missing.join(', ')}` : '', extra.length ? `not expected: ${extra.join(', ')}` : ''].filter(Boolean);
  return parts.length ? parts.join('; ') : undefined;
}

// planRules has checked the kinds against this very table; these only narrow the type.
function numbers(col: Column): Float64Array {
  if (col.kind !== 'number') throw new Error(`Validate: column '${col.name}' reached a number rule unchecked.`);
  return col.values;
}

function categories(col: Column): CategoryColumn {
  if (col.kind !== 'category') throw new Error(`Validate: column '${col.name}' reached a category rule unchecked.`);
  return col;
}
