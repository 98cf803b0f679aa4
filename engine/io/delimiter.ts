/**
 * Which character separates the values of a delimited text file: comma, tab, semicolon or pipe.
 * Counted outside quotes on the first lines; the delimiter that splits every line into the same
 * number of values (the most values when several do) wins, as Python's csv.Sniffer decides.
 */
const CANDIDATES = [44, 9, 59, 124]; // , \t ; |
const NAMES: Record<number, string> = { 44: 'comma', 9: 'tab', 59: 'semicolon', 124: 'pipe' };
const SNIFF_LINES = 20;
export const SNIFF_BYTES = 64 * 1024;

export function delimiterName(delimiter: number): string {
  return NAMES[delimiter] ?? `'${String.fromCharCode(delimiter)}'`;
}

export function sniffDelimiter(bytes: Uint8Array, start: number): number {
  const counts = countPerLine(bytes, start);
  let best = CANDIDATES[0]!;
  let bestScore = 0;
  for (let k = 0; k < CANDIDATES.length; k++) {
    const perLine = counts.map((line) => line[k]!);
    const first = perLine[0] ?? 0;
    if (first === 0) continue;
    // Consistent lines score by their count; otherwise the share of lines agreeing with the header.
    const agreeing = perLine.filter((c) => c === first).length;
    const score = agreeing === perLine.length ? 1000 + first : (agreeing / perLine.length) * first;
    if (score > bestScore) {
      best = CANDIDATES[k]!;
      bestScore = score;
    }
  }
  return best;
}

/** Per non-blank line among the first ones: how often each candidate occurs outside quotes. */
function countPerLine(bytes: Uint8Array, start: number): number[][] {
  const lines: number[][] = [];
  let current = CANDIDATES.map(() => 0);
  let quoted = false;
  let blank = true;
  const end = Math.min(bytes.length, start + SNIFF_BYTES);
  for (let p = start; p < end && lines.length < SNIFF_LINES; p++) {
    const c = bytes[p]!;
    if (c === 34) quoted = !quoted;
    if (quoted) continue;
    if (c === 10 || c === 13) {
      if (!blank) lines.push(current);
      current = CANDIDATES.map(() => 0);
      blank = true;
      continue;
    }
    if (c !== 32) blank = false;
    const k = CANDIDATES.indexOf(c);
    if (k >= 0) current[k]!++;
  }
  if (!blank && lines.length < SNIFF_LINES) lines.push(current);
  // The last line may be cut off by the byte limit: drop it when there are others.
  return lines.length > 1 && end < bytes.length ? lines.slice(0, -1) : lines;
}
