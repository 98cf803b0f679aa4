/** Display formats of the Runs page, the same on server and client. */

/** A run's duration at `now`: its whole length once finished, the time so far while running, null before it starts. */
export function runDurationMs(run: { startedAt: string | null; finishedAt: string | null }, now: number) {
  if (!run.startedAt) return null;
  return (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt);
}

export const triggerLabels = { manual: 'Manual', schedule: 'Schedule', api: 'API' } as const;
export const statusLabels = { queued: 'Queued', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' } as const;
