import { UserError } from '../define-node';
import type { CategoryColumn, Column, Table } from '../table';
import { coalesceColumns, gatherColumn } from './gather';
import { hasValues, indexKeys, pairCodes } from './key-index';
import { planJoin, type JoinHow, type JoinOptions } from './join-plan';
import { matchLookup } from './lookup-join';
import { scratchInt32 } from './scratch';
import { finishUniqueMatches } from './unique-matches';

/**
 * Hash join over typed arrays. Each key pair becomes dense codes shared by both sides (the value index
 * is built on the smaller side and probed with the other; categories are matched by text, so the two
 * dictionaries need not agree); several keys are paired into one code. Right rows are then bucketed
 * by code with a counting sort, and left rows are walked in order, so the output lists left rows in
 * their order (each with its right matches in right order), then, for right and full joins, the right
 * rows nothing matched, in right order. Missing keys never match, as in SQL.
 */
export const MAX_JOIN_ROWS = 50_000_000;

export type JoinStats = { rows: number; matchedLeft: number; unmatchedLeft: number; unmatchedRight: number };

export function joinTables(left: Table, right: Table, options: JoinOptions, maxRows = MAX_JOIN_ROWS): { table: Table; stats: JoinStats } {
  const plan = planJoin(left.columns, right.columns, options);
  const col = (table: Table, name: string) => table.columns.find((c) => c.name === name)!;
  const leftKeys = plan.keys.map((k) => col(left, k.left));
  const rightKeys = plan.keys.map((k) => col(right, k.right));
  const { leftRows, rightRows, stats } = lookupRows(leftKeys, rightKeys, options.how, maxRows) ?? matchRows(joinCodes(leftKeys, rightKeys, left.rowCount, right.rowCount), options.how, maxRows, leftKeys);
  const coalesce = options.how === 'right' || options.how === 'full';
  const columns = plan.columns.map((out): Column => {
    if (out.from === 'left') return gatherColumn(col(left, out.column), leftRows, out.name);
    if (out.from === 'right') return gatherColumn(col(right, out.column), rightRows, out.name);
    const l = leftKeys[out.pair];
    return coalesce ? coalesceColumns(l, rightKeys[out.pair], leftRows, rightRows, out.name) : gatherColumn(l, leftRows, out.name);
  });
  return { table: { rowCount: leftRows.length, columns }, stats };
}

/** matchLookup's rows where the join has one numeric key and the rows it can give are within the limit. */
function lookupRows(leftKeys: Column[], rightKeys: Column[], how: JoinHow, maxRows: number): Matches | undefined {
  const [l, r] = [leftKeys[0], rightKeys[0]];
  if (leftKeys.length !== 1 || !hasValues(l) || !hasValues(r) || l.values.length + r.values.length > maxRows) return undefined;
  return matchLookup(l.values, r.values, how === 'left' || how === 'full', how === 'right' || how === 'full');
}

type Codes = { left: Int32Array; right: Int32Array; count: number };

function joinCodes(leftKeys: Column[], rightKeys: Column[], leftRows: number, rightRows: number): Codes {
  const buildLeft = leftRows <= rightRows;
  // With several keys, one key's codes are still read while the next key's are made, so only the
  // pairing (whose inputs are fresh arrays) and a single key write to the scratch slots.
  const single = leftKeys.length === 1;
  let codes = keyCodes(leftKeys[0], rightKeys[0], buildLeft, single);
  for (let k = 1; k < leftKeys.length; k++) {
    const next = keyCodes(leftKeys[k], rightKeys[k], buildLeft, false);
    const l = pairCodes(codes.left, next.left, next.count);
    const r = pairCodes(codes.right, next.right, next.count);
    codes = indexBoth(l, r, buildLeft, true);
  }
  return codes;
}

function keyCodes(l: Column, r: Column, buildLeft: boolean, scratch: boolean): Codes {
  if (hasValues(l) && hasValues(r)) return indexBoth(l.values, r.values, buildLeft, scratch);
  return categoryCodes(l as CategoryColumn, r as CategoryColumn, scratch);
}

function indexBoth(l: Float64Array, r: Float64Array, buildLeft: boolean, scratch: boolean): Codes {
  const into = (values: Float64Array, slot: string) => (scratch ? scratchInt32(slot, values.length) : undefined);
  const index = indexKeys(buildLeft ? l : r, { into: into(buildLeft ? l : r, 'join.build') });
  const probed = index.lookup(buildLeft ? r : l, into(buildLeft ? r : l, 'join.probe'));
  return buildLeft ? { left: index.codes, right: probed, count: index.count } : { left: probed, right: index.codes, count: index.count };
}

/** Codes of the left dictionary; right codes are translated through the text of their entries. */
function categoryCodes(l: CategoryColumn, r: CategoryColumn, scratch: boolean): Codes {
  const codeOf = new Map<string, number>();
  l.dictionary.forEach((text, code) => {
    if (!codeOf.has(text)) codeOf.set(text, code);
  });
  const translate = (col: CategoryColumn, slot: string) => {
    const byCode = Int32Array.from(col.dictionary, (text) => codeOf.get(text) ?? -1);
    const out = scratch ? scratchInt32(slot, col.codes.length) : new Int32Array(col.codes.length);
    for (let i = 0; i < out.length; i++) out[i] = col.codes[i] < 0 ? -1 : byCode[col.codes[i]];
    return out;
  };
  return { left: translate(l, 'join.left-codes'), right: translate(r, 'join.right-codes'), count: l.dictionary.length };
}

export type Matches = { leftRows: Int32Array; rightRows: Int32Array; stats: JoinStats };

function matchRows(codes: Codes, how: JoinHow, maxRows: number, leftKeys: Column[]): Matches {
  const keepLeft = how === 'left' || how === 'full';
  const keepRight = how === 'right' || how === 'full';
  const rightOf = uniqueRightRows(codes);
  if (rightOf && codes.left.length + codes.right.length <= maxRows) return matchUnique(codes, rightOf, keepLeft, keepRight);
  const { left: lc, right: rc, count } = codes;
  // Right rows bucketed by code: bucket c is byCode[starts[c] .. starts[c + 1]), in right order.
  const starts = new Int32Array(count + 1);
  for (let r = 0; r < rc.length; r++) if (rc[r] >= 0) starts[rc[r] + 1]++;
  for (let c = 0; c < count; c++) starts[c + 1] += starts[c];
  const byCode = new Int32Array(starts[count]);
  const next = starts.slice(0, count);
  for (let r = 0; r < rc.length; r++) if (rc[r] >= 0) byCode[next[rc[r]]++] = r;

  let rows = 0;
  let matchedLeft = 0;
  const hitByLeft = keepRight ? new Uint8Array(count) : undefined;
  for (let l = 0; l < lc.length; l++) {
    const c = lc[l];
    const m = c >= 0 ? starts[c + 1] - starts[c] : 0;
    if (m > 0) {
      matchedLeft++;
      rows += m;
      if (hitByLeft) hitByLeft[c] = 1;
    } else if (keepLeft) rows++;
  }
  let unmatchedRight = 0;
  if (hitByLeft) for (let r = 0; r < rc.length; r++) if (rc[r] < 0 || !hitByLeft[rc[r]]) unmatchedRight++;
  if (rows + unmatchedRight > maxRows) throw tooLarge(rows + unmatchedRight, maxRows, codes, starts, leftKeys);

  const leftRows = scratchInt32('join.left-rows', rows + unmatchedRight);
  const rightRows = scratchInt32('join.right-rows', rows + unmatchedRight);
  let o = 0;
  for (let l = 0; l < lc.length; l++) {
    const c = lc[l];
    const from = c >= 0 ? starts[c] : 0;
    const to = c >= 0 ? starts[c + 1] : 0;
    for (let k = from; k < to; k++) {
      leftRows[o] = l;
      rightRows[o++] = byCode[k];
    }
    if (from === to && keepLeft) {
      leftRows[o] = l;
      rightRows[o++] = -1;
    }
  }
  if (hitByLeft) {
    for (let r = 0; r < rc.length; r++) {
      if (rc[r] >= 0 && hitByLeft[rc[r]]) continue;
      leftRows[o] = -1;
      rightRows[o++] = r;
    }
  }
  return { leftRows, rightRows, stats: { rows: o, matchedLeft, unmatchedLeft: lc.length - matchedLeft, unmatchedRight } };
}

/** The one right row of each code when no code repeats on the right (a lookup table), else undefined. */
function uniqueRightRows({ right: rc, count }: Codes): Int32Array | undefined {
  const rightOf = new Int32Array(count).fill(-1);
  for (let r = 0; r < rc.length; r++) {
    const c = rc[r];
    if (c < 0) continue;
    if (rightOf[c] >= 0) return undefined;
    rightOf[c] = r;
  }
  return rightOf;
}

/**
 * matchRows when every left row has at most one match: one pass over the left codes, writing into
 * row lists sized for the most rows the join can give, so no pass is spent counting them first.
 */
function matchUnique(codes: Codes, rightOf: Int32Array, keepLeft: boolean, keepRight: boolean): Matches {
  const { left: lc, right: rc } = codes;
  const bound = lc.length + (keepRight ? rc.length : 0);
  const leftRows = scratchInt32('join.left-rows', bound);
  const rightRows = scratchInt32('join.right-rows', bound);
  const reached = keepRight ? new Uint8Array(rc.length) : undefined;
  let o = 0;
  let matchedLeft = 0;
  for (let l = 0; l < lc.length; l++) {
    const c = lc[l];
    const r = c >= 0 ? rightOf[c] : -1;
    if (r >= 0) {
      leftRows[o] = l;
      rightRows[o++] = r;
      matchedLeft++;
      if (reached) reached[r] = 1;
    } else if (keepLeft) {
      leftRows[o] = l;
      rightRows[o++] = -1;
    }
  }
  return finishUniqueMatches(leftRows, rightRows, o, matchedLeft, lc.length, reached);
}

/** Names the key value that multiplies most, since repeated keys on both sides are what blow a join up. */
function tooLarge(rows: number, maxRows: number, codes: Codes, starts: Int32Array, leftKeys: Column[]): UserError {
  const fmt = (n: number) => n.toLocaleString('en');
  const leftCount = new Float64Array(codes.count);
  for (let l = 0; l < codes.left.length; l++) if (codes.left[l] >= 0) leftCount[codes.left[l]]++;
  const pairs = (c: number) => leftCount[c] * (starts[c + 1] - starts[c]);
  let worst = -1;
  for (let c = 0; c < codes.count; c++) if (pairs(c) > 1 && (worst < 0 || pairs(c) > pairs(worst))) worst = c;
  let why = 'Filter or sample the tables first.';
  if (worst >= 0) {
    const row = codes.left.indexOf(worst);
    const value = leftKeys.map((k) => `'${k.name}' = ${cellText(k, row)}`).join(', ');
    why = `Keys repeat on both sides: ${value} appears ${fmt(leftCount[worst])} times on the left and ${fmt(starts[worst + 1] - starts[worst])} times on the right. ` +
      'Remove repeated keys first (e.g. with a Deduplicate or Group-by node) or join on more key columns.';
  }
  return new UserError(`Join: the result would have ${fmt(rows)} rows (left ${fmt(codes.left.length)} × right ${fmt(codes.right.length)} rows), more than the limit of ${fmt(maxRows)}. ${why}`);
}

function cellText(col: Column, row: number): string {
  if (hasValues(col)) return String(col.values[row]);
  return JSON.stringify(col.dictionary[col.codes[row]]);
}
