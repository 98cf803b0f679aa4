import { UserError } from '../define-node';

/** Where a token starts in the expression text: 1-based line and column, 0-based offset. */
export type SourcePos = { line: number; col: number; offset: number };

/**
 * A problem in a user's expression, pointing at the token that caused it, so the editor can underline
 * it. The message already ends with "at line:col" so hosts can show it as is.
 */
export class ExpressionError extends UserError {
  constructor(what: string, readonly pos: SourcePos, fix?: string, column?: string) {
    super(`${what} at ${pos.line}:${pos.col}${fix ? ` — ${fix}` : ''}`, column ? { column } : undefined);
  }
}

/** The closest candidate to a misspelt name (edit distance ≤ 2, or equal ignoring case), if any. */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const allowed = Math.min(2, Math.max(1, Math.floor(name.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** Levenshtein distance; names are short (≤ a few hundred characters), so two rows suffice. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
