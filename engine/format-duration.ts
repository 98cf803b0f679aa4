/**
 * How long something took, one format wherever a duration shows (runs list, run page and its timeline axis,
 * notifications): "850 ms", "4.2 s", "12 s", "3 min 4 s", "3 min", "2 h 5 min", "2 h". Rounded down, so a run
 * in progress never reads as further along than it is, and 59.9 s is not "60 s".
 */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.floor(ms))} ms`;
  if (ms < 10_000) return `${Math.floor(ms / 100) / 10} s`;
  const s = Math.floor(ms / 1_000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 ? `${min} min ${s % 60} s` : `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}
