import { useEffect, useState } from 'react';

/**
 * The one way a date shows: "Dec 4, 2026, 3:07 PM" ("Dec 4, 2026" for a day, "Dec 4, 2026, 3:07:12 PM" where
 * seconds count, as in the audit log) in the viewer's time zone, or in UTC with the zone said ("Dec 4, 2026,
 * 11:07 PM UTC") where the browser's zone is not known yet. The language is fixed, so the words are the same
 * whatever the browser's own.
 */
export type DateTimeStyle = { dateOnly?: boolean; seconds?: boolean };

export function formatDateTime(iso: string, { utc = false, dateOnly = false, seconds = false }: DateTimeStyle & { utc?: boolean } = {}): string {
  const time = dateOnly ? {} : { timeStyle: seconds ? ('medium' as const) : ('short' as const) };
  const text = new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', ...time, ...(utc ? { timeZone: 'UTC' } : {}) });
  return utc ? `${text} UTC` : text;
}

/** UTC on the server and in the first render (so hydration matches), then the viewer's own time zone. */
export function LocalTime({ iso, ...style }: { iso: string } & DateTimeStyle) {
  const [local, setLocal] = useState(false);
  useEffect(() => setLocal(true), []);
  return (
    <time dateTime={iso}>
      {formatDateTime(iso, { ...style, utc: !local })}
    </time>
  );
}
