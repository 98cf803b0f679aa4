import { z } from 'zod';
import { defineNode, UserError, type PortValue, type RunContext } from '../define-node';
import { formatCountOf } from '../format-count';
import type { Table } from '../table';
import { tableSchema, takeRows } from '../table-ops';
import { tableAfter } from './preprocess-node';
import { checkTable } from './validate-check';
import { planRules } from './validate-plan';
import { buildFailures, describeBroken, failuresSchema, summarizeChecks, type CheckedTable, type Side } from './validate-report';
import { ruleSchema, TABLE_RULES } from './validate-rules';

const validateParams = z.object({
  mode: z
    .enum(['fail-run', 'drop-rows', 'warn'])
    .default('fail-run')
    .meta({
      title: 'When a rule fails',
      description: 'Fail run stops the pipeline; Drop rows passes only the rows that keep every rule (a broken table-wide rule still fails the run); Warn passes every row and logs what failed.',
    }),
  rules: z.array(ruleSchema).max(100).default([]).meta({ title: 'Rules' }),
});
type ValidateParams = z.infer<typeof validateParams>;

const FIX = "Fix the data upstream, change the rules, or set 'When a rule fails' to Warn or Drop rows.";
const sideName = (side: Side | undefined) => (side ? ` (${side} rows)` : '');

function check(table: Table, p: ValidateParams, side?: Side): CheckedTable {
  return { side, table, outcomes: checkTable(table, planRules(tableSchema(table), p.rules)) };
}

function brokenCount(c: CheckedTable, onlyTableRules = false): number {
  return c.outcomes.filter((o) => o.failed > 0 && (!onlyTableRules || TABLE_RULES.has(o.kind))).length;
}

/** One message for every broken rule on every side, so one run shows all that is wrong. */
function failureMessage(checked: readonly CheckedTable[], p: ValidateParams, ending: string): string {
  const parts = checked
    .filter((c) => brokenCount(c) > 0)
    .map((c) => `${brokenCount(c)} of ${p.rules.length} rules failed on ${c.table.rowCount.toLocaleString('en-US')} rows${sideName(c.side)}. ${describeBroken(c).join(' ')}`);
  return `Validate: ${parts.join(' ')} ${ending}`;
}

/** What a side that broke no rule logs; with no rules, that nothing was checked and how to start. */
function passedMessage(c: CheckedTable, rules: number): string {
  const where = `Validate${sideName(c.side)}`;
  const rows = formatCountOf(c.table.rowCount, 'row');
  if (rules === 0) return `${where}: no rules yet, so the ${rows} went through unchecked. Add a rule in its settings (+ Add rule) to check them.`;
  return `${where}: ${rules === 1 ? 'the 1 rule' : `all ${rules} rules`} passed on ${rows}.`;
}

/** Keeps the rows no row rule marked. */
function dropFailing(c: CheckedTable, ctx: RunContext): Table {
  const n = c.table.rowCount;
  const failing = new Uint8Array(n);
  for (const o of c.outcomes) {
    const mask = o.mask;
    if (!mask || o.failed === 0) continue;
    for (let i = 0; i < n; i++) failing[i] |= mask[i];
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += failing[i] ^ 1;
  if (kept === n) return c.table;
  const rows = new Int32Array(kept);
  for (let i = 0, j = 0; i < n; i++) if (!failing[i]) rows[j++] = i;
  ctx.log(`Validate${sideName(c.side)}: dropped ${(n - kept).toLocaleString('en-US')} of ${n.toLocaleString('en-US')} rows that broke a rule.`);
  return takeRows(c.table, rows);
}

function applyMode(checked: CheckedTable[], p: ValidateParams, ctx: RunContext): Table[] {
  const anyBroken = checked.some((c) => brokenCount(c) > 0);
  if (!anyBroken) {
    for (const c of checked) ctx.log(passedMessage(c, p.rules.length));
    return checked.map((c) => c.table);
  }
  const first = checked.flatMap((c) => c.outcomes).find((o) => o.failed > 0);
  const stop = (message: string) => {
    if (!ctx.previewing) throw new UserError(message, { column: first?.column });
    ctx.log(`On a run, this step would stop the pipeline here. ${message}`);
  };
  if (p.mode === 'fail-run') {
    stop(failureMessage(checked, p, FIX));
    return checked.map((c) => c.table);
  }
  if (p.mode === 'drop-rows') {
    if (checked.some((c) => brokenCount(c, true) > 0)) {
      const broken = checked.map((c) => ({ ...c, outcomes: c.outcomes.filter((o) => TABLE_RULES.has(o.kind)) }));
      stop(failureMessage(broken, p, 'Dropping rows cannot fix a table-wide rule. Fix the data upstream, or change or remove the rule.'));
    }
    return checked.map((c) => dropFailing(c, ctx));
  }
  for (const c of checked) for (const line of describeBroken(c)) ctx.log(`Validate${sideName(c.side)}, warning: ${line}`);
  return checked.map((c) => c.table);
}

export const validateNode = defineNode({
  type: 'validate',
  version: 1,
  title: 'Validate',
  category: 'validate',
  description:
    'Checks the data against rules (columns present, types, missing values, ranges, allowed values, patterns, uniqueness, row count) and fails the run, drops failing rows, or warns. Failures lists example failing rows with the rule each broke. On a split, each side is checked as its own table.',
  inputs: [{ name: 'data', label: 'Data', kinds: ['table', 'split'] }],
  outputs: [
    { name: 'data', label: 'Data', kinds: ['table', 'split'] },
    { name: 'failures', label: 'Failures', kinds: ['table'] },
  ],
  params: validateParams,
  outputSchema(inputs, p) {
    const input = inputs.data;
    if (input?.kind !== 'table' && input?.kind !== 'split') throw new UserError("Validate: connect a table or a split to the 'data' input.");
    planRules(input.schema, p.rules);
    return { data: input, failures: { kind: 'table', schema: failuresSchema(input.schema, input.kind === 'split') } };
  },
  async run(inputs, p, ctx): Promise<Record<string, PortValue>> {
    const input = inputs.data;
    if (input?.kind !== 'table' && input?.kind !== 'split') throw new UserError("Validate: connect a table or a split to the 'data' input.");
    const checked = input.kind === 'table' ? [check(input.table, p)] : [check(input.train, p, 'train'), check(input.test, p, 'test')];
    const failures: PortValue = { kind: 'table', table: buildFailures(checked), checks: summarizeChecks(checked) };
    const [first, second] = applyMode(checked, p, ctx);
    // Rows only are dropped, as by a Filter: the steps replayed since the raw rows go on (not an upstream Validate's checks).
    const data: PortValue = input.kind === 'table' ? tableAfter(input, first) : { ...input, train: first, test: second };
    return { data, failures };
  },
});
