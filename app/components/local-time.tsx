import { useEffect, useState } from 'react';

export type DateTimeStyle = { dateOnly?: boolean; timeOnly?: boolean; seconds?: boolean };

/**
 * The one way a date shows: "Dec 4, 2026, 3:07 PM" ("Dec 4, 2026" for a day, "3:07:12 PM" for a time within a
 * run, seconds where they count, as in the audit log) in the viewer's time zone, or in UTC with the zone said
 * ("Dec 4, 2026, 11:07 PM UTC") where the viewer's zone is unknown: the server's render, e-mails. The language is
 * fixed, so the words are the same whatever the browser's own.
 */
export function formatDateTime(iso: string | Date, { utc = false, dateOnly = false, timeOnly = false, seconds = false }: DateTimeStyle & { utc?: boolean } = {}): string {
  const date = timeOnly ? {} : { dateStyle: 'medium' as const };
  const time = dateOnly ? {} : { timeStyle: seconds ? ('medium' as const) : ('short' as const) };
  const text = new Date(iso).toLocaleString('en-US', { ...date, ...time, ...(utc ? { timeZone: 'UTC' } : {}) });
  return utc ? `${text} UTC` : text;
}

/** The date as formatDateTime writes it: UTC on the server and in the first render (so hydration matches), then the viewer's own zone. */
export function useDateTime(iso: string, style: DateTimeStyle = {}): string {
  const [local, setLocal] = useState(false);
  useEffect(() => setLocal(true), []);
  return formatDateTime(iso, { ...style, utc: !local });
}

export function LocalTime({ iso, ...style }: { iso: string } & DateTimeStyle) {
  return <time dateTime={iso}>{useDateTime(iso, style)}</time>;
}
