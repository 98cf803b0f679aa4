/** "4 Dec 2026, 15:15 UTC": a fixed locale and UTC, so the server's render and the browser's hydration agree. */
export function formatTimestamp(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}
