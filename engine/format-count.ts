/** The one format of counts (rows, columns, failures) in messages, logs and the UI: digits grouped, "3,201". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
