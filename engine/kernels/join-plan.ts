import { UserError } from '../define-node';
import type { ColumnKind, ColumnSchema } from '../table';

/**
 * Which columns a join outputs and under which names, decided from the two schemas alone so that the
 * edit-time schema and the run agree, message for message. Output order: the left table's columns
 * (key columns under their left names, holding the left value or, for a right row without a match,
 * the right value), then the right table's non-key columns. A non-key name both sides use gets the
 * left suffix on the left column and the right suffix on the right one; a right column named like a
 * key column gets the right suffix. Nothing is overwritten: a clash left after that is an error.
 */
export type JoinHow = 'inner' | 'left' | 'right' | 'full';
/** `right` defaults to the left column's name. */
export type KeyPair = { left: string; right?: string };
export type JoinOptions = { how: JoinHow; on: readonly KeyPair[]; leftSuffix: string; rightSuffix: string };

export type PlannedColumn =
  | { from: 'key'; pair: number; name: string }
  | { from: 'left'; column: string; name: string }
  | { from: 'right'; column: string; name: string };
export type JoinPlan = { keys: { left: string; right: string }[]; columns: PlannedColumn[] };

type Named = { name: string; kind: ColumnKind };

const list = (cols: readonly Named[]) => cols.map((c) => `'${c.name}'`).join(', ') || '(none)';
const kindWord = (kind: ColumnKind) => (kind === 'category' ? 'categories' : `${kind}s`);

function resolveKeys(left: readonly Named[], right: readonly Named[], on: readonly KeyPair[]): JoinPlan['keys'] {
  if (on.length === 0) throw new UserError('Join: no key columns are chosen. Add a key pair: a left column and the right column it must equal.');
  const seenLeft = new Set<string>();
  const seenRight = new Set<string>();
  return on.map((pair) => {
    const rightName = pair.right?.trim() ? pair.right : pair.left;
    const l = left.find((c) => c.name === pair.left);
    if (!l) throw new UserError(`Join: the left table has no column '${pair.left}'. Its columns: ${list(left)}. Pick one of them as the left key.`, { column: pair.left });
    const r = right.find((c) => c.name === rightName);
    if (!r) {
      const why = pair.right?.trim() ? '' : ' (no right column was chosen, so the left name is used)';
      throw new UserError(`Join: the right table has no column '${rightName}'${why}. Its columns: ${list(right)}. Pick the right key column.`, { column: rightName });
    }
    if (seenLeft.has(l.name) || seenRight.has(r.name)) {
      const twice = seenLeft.has(l.name) ? `left column '${l.name}'` : `right column '${r.name}'`;
      throw new UserError(`Join: the ${twice} is used in two key pairs. Keep each key column once.`, { column: seenLeft.has(l.name) ? l.name : r.name });
    }
    seenLeft.add(l.name);
    seenRight.add(r.name);
    if (l.kind !== r.kind) {
      throw new UserError(
        `Join: key '${l.name}' (left) holds ${kindWord(l.kind)} but '${r.name}' (right) holds ${kindWord(r.kind)}, so no row could match. Add a Cast columns node before the join so both keys have the same type.`,
        { column: l.name },
      );
    }
    return { left: l.name, right: r.name };
  });
}

export function planJoin(left: readonly Named[], right: readonly Named[], options: JoinOptions): JoinPlan {
  const keys = resolveKeys(left, right, options.on);
  const keyPairOfLeft = new Map(keys.map((k, i) => [k.left, i]));
  const rightKeys = new Set(keys.map((k) => k.right));
  const leftRest = left.filter((c) => !keyPairOfLeft.has(c.name)).map((c) => c.name);
  const rightRest = right.filter((c) => !rightKeys.has(c.name)).map((c) => c.name);
  const leftNames = new Set(leftRest);
  const clashes = new Set(rightRest.filter((name) => leftNames.has(name)));
  const columns: PlannedColumn[] = left.map((c) => {
    const pair = keyPairOfLeft.get(c.name);
    if (pair !== undefined) return { from: 'key', pair, name: c.name };
    return { from: 'left', column: c.name, name: clashes.has(c.name) ? c.name + options.leftSuffix : c.name };
  });
  for (const name of rightRest) {
    const suffixed = clashes.has(name) || keyPairOfLeft.has(name);
    columns.push({ from: 'right', column: name, name: suffixed ? name + options.rightSuffix : name });
  }
  checkUnique(columns, options);
  return { keys, columns };
}

function checkUnique(columns: readonly PlannedColumn[], options: JoinOptions): void {
  const seen = new Map<string, PlannedColumn>();
  const origin = (c: PlannedColumn) => (c.from === 'key' ? `the key column '${c.name}'` : `the ${c.from} table's '${c.column}'${c.name === c.column ? '' : ` with its suffix`}`);
  for (const col of columns) {
    const other = seen.get(col.name);
    if (other) {
      throw new UserError(
        `Join: two output columns would both be named '${col.name}' (${origin(other)} and ${origin(col)}). Change the suffixes (now '${options.leftSuffix}' and '${options.rightSuffix}') or rename a column before the join.`,
        { column: col.name },
      );
    }
    seen.set(col.name, col);
  }
}

/** The joined table's edit-time schema; key categories are merged when right rows can appear unmatched. */
export function joinedSchema(left: readonly ColumnSchema[], right: readonly ColumnSchema[], plan: JoinPlan, how: JoinHow): ColumnSchema[] {
  const byName = (cols: readonly ColumnSchema[], name: string) => cols.find((c) => c.name === name)!;
  return plan.columns.map((col): ColumnSchema => {
    if (col.from !== 'key') return { ...byName(col.from === 'left' ? left : right, col.column), name: col.name };
    const l = byName(left, plan.keys[col.pair].left);
    const r = byName(right, plan.keys[col.pair].right);
    if (!l.categories || how === 'inner' || how === 'left') return { ...l };
    return { ...l, categories: [...new Set([...l.categories, ...(r.categories ?? [])])] };
  });
}
