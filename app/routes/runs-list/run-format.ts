/** Display formats of the Runs page, the same on server and client. */

/** A run's duration at `now`: its whole length once finished, the time so far while running, null before it starts. */
export function runDurationMs(run: { startedAt: string | null; finishedAt: string | null }, now: number) {
  if (!run.startedAt) return null;
  return (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt);
}

const relative = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "just now", "5 minutes ago", "yesterday". */
export function formatRelative(iso: string, now: number) {
  let value = (Date.parse(iso) - now) / 1_000;
  if (Math.abs(value) < 10) return 'just now';
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return relative.format(Math.round(value), 'year');
}

export const triggerLabels = { manual: 'Manual', schedule: 'Schedule', api: 'API' } as const;
export const statusLabels = { queued: 'Queued', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' } as const;
