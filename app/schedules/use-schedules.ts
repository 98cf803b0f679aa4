import { useCallback, useEffect, useState } from 'react';
import { fetchSchedules, type Schedule } from './schedules-client';

/** How long after a tick's time to look for its outcome: the scheduler fires within milliseconds; the run takes a moment to insert. */
const AFTER_TICK_MS = 700;
const MAX_WAIT_MS = 60_000;

/**
 * The schedules (of a pipeline, or the team's), fetched again just after the earliest next tick, so the last
 * tick's outcome and the next run time stay current while the list is open.
 */
export function useSchedules(pipelineId?: string, initial?: { schedules: Schedule[]; canEdit: boolean }) {
  const [schedules, setSchedules] = useState<Schedule[] | undefined>(initial?.schedules);
  const [error, setError] = useState<string>();
  const [canEdit, setCanEdit] = useState(initial?.canEdit ?? false);
  const reload = useCallback(
    () =>
      fetchSchedules(pipelineId).then(
        (result) => {
          setSchedules(result.schedules);
          setCanEdit(result.canEdit);
          setError(undefined);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      ),
    [pipelineId],
  );

  useEffect(() => {
    if (!initial) void reload();
    // Server-rendered rows are current on first paint; later reloads follow the ticks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reload]);

  useEffect(() => {
    const next = (schedules ?? []).flatMap((s) => (s.enabled && s.nextRunAt ? [new Date(s.nextRunAt).getTime()] : []));
    const waiting = (schedules ?? []).some((s) => s.lastTick?.outcome === 'queued');
    if (next.length === 0 && !waiting) return;
    const wait = Math.min(next.length ? Math.min(...next) - Date.now() + AFTER_TICK_MS : MAX_WAIT_MS, waiting ? 5_000 : MAX_WAIT_MS);
    const timer = setTimeout(() => void reload(), Math.max(AFTER_TICK_MS, wait));
    return () => clearTimeout(timer);
  }, [schedules, reload]);

  const replace = useCallback((s: Schedule) => setSchedules((rows) => (rows?.some((r) => r.id === s.id) ? rows.map((r) => (r.id === s.id ? s : r)) : [...(rows ?? []), s])), []);
  const remove = useCallback((id: string) => setSchedules((rows) => rows?.filter((r) => r.id !== id)), []);
  return { schedules, canEdit, error, reload, replace, remove };
}
