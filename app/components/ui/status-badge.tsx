export type RunStatus = 'idle' | 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'dead_letter';

const styles: Record<RunStatus, { pill: string; dot: string; text: string }> = {
  idle: { pill: 'bg-slate-100 text-slate-500', dot: 'bg-slate-300', text: 'Idle' },
  queued: { pill: 'bg-amber-50 text-amber-700 ring-1 ring-inset ring-amber-200', dot: 'bg-amber-400', text: 'Queued' },
  running: { pill: 'bg-sky-50 text-sky-700 ring-1 ring-inset ring-sky-200', dot: 'bg-sky-500 animate-pulse', text: 'Running' },
  succeeded: { pill: 'bg-emerald-50 text-emerald-700 ring-1 ring-inset ring-emerald-200', dot: 'bg-emerald-500', text: 'Done' },
  failed: { pill: 'bg-red-50 text-red-700 ring-1 ring-inset ring-red-200', dot: 'bg-red-500', text: 'Failed' },
  skipped: { pill: 'bg-slate-100 text-slate-500 ring-1 ring-inset ring-slate-200', dot: 'bg-slate-400', text: 'Skipped' },
  cancelled: { pill: 'bg-slate-100 text-slate-600 ring-1 ring-inset ring-slate-300', dot: 'bg-slate-500', text: 'Cancelled' },
  // Failed on every retry: darker than a plain failure, with a stop-sign dot.
  dead_letter: { pill: 'bg-red-100 text-red-800 ring-1 ring-inset ring-red-400', dot: 'bg-red-700 rounded-none', text: 'Dead letter' },
};

/** A small status pill; `label` is the accessible name (e.g. "Train status: running"). */
export function StatusBadge({ status, label, compact = false }: { status: RunStatus; label: string; compact?: boolean }) {
  const s = styles[status];
  return (
    <span
      role="status"
      aria-label={label}
      className={`inline-flex shrink-0 items-center gap-1 rounded-full px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide ${s.pill}`}
    >
      <span aria-hidden="true" className={`h-1.5 w-1.5 rounded-full ${s.dot}`} />
      {compact && status === 'idle' ? null : <span aria-hidden="true">{s.text}</span>}
    </span>
  );
}
