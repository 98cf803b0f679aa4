/** The one format of counts (rows, columns, failures) in messages, logs and the UI: digits grouped, "3,201". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A count with its noun, singular for exactly one: "1 row", "0 rows", "3,201 columns". */
export function formatCountOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}
