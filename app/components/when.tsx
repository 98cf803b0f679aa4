import { useEffect, useState } from 'react';
import { useDateTime } from './local-time';

/**
 * "just now", "5 min ago", "3 h ago" within a day, when things happened at a glance; undefined for older times. The
 * Status page's heartbeat ages count seconds instead ("3 s ago"), as a heartbeat is seconds old (formatAge there).
 */
export function formatAgo(iso: string, now = Date.now()): string | undefined {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return undefined;
}

/**
 * How long ago within a day, with the full date and time as its hover title, then that date and time itself. Without
 * `now` (a time the server and the browser share, e.g. the loader's), the first render writes the date, as the server
 * did, and the clock is read after mount: each side reading its own clock could write "4 min ago" and "5 min ago" and
 * fail hydration. The date is useDateTime's: UTC until mount, then local.
 */
export function When({ iso, now }: { iso: string; now?: number }) {
  const [clock, setClock] = useState<number | undefined>(now);
  useEffect(() => setClock(now ?? Date.now()), [now]);
  const ago = clock === undefined ? undefined : formatAgo(iso, clock);
  const full = useDateTime(iso);
  return (
    <time dateTime={iso} title={ago === undefined ? undefined : full}>
      {ago ?? full}
    </time>
  );
}
