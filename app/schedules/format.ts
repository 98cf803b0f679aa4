import { isTimeZone } from '../../engine/schedule/time-zone';

/**
 * "Wed 3 Dec, 02:00:00" in the schedule's zone, not the viewer's (the one date format elsewhere): a schedule's times
 * read in the zone its cron is written in, with seconds for 6-field crons.
 */
export function formatInZone(iso: string, timezone: string) {
  // A zone half typed in the form is no zone: the times show in UTC, and say so, until it is one.
  const zone = isTimeZone(timezone) ? timezone : 'UTC';
  const text = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
  return zone === timezone ? text : `${text} UTC`;
}

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Every IANA zone this browser knows, UTC first. */
export function timeZoneNames(): string[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...supported.filter((z) => z !== 'UTC')];
}

const OUTCOMES: Record<string, string> = {
  started: 'Run started',
  queued: 'Waiting for the previous run',
  skipped_overlap: 'Skipped: previous run still going',
  skipped_missed: 'Skipped: missed while no worker was up',
  skipped_paused: 'Dropped: schedule paused',
  paused_invalid: 'Paused: pipeline invalid',
};
export const describeOutcome = (outcome: string) => OUTCOMES[outcome] ?? outcome;
