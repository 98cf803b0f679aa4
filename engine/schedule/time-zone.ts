/** Whether `timezone` is an IANA zone this runtime knows (Intl throws a RangeError for any other). No cron-parser here: the browser's schedule form reads it too. */
export function isTimeZone(timezone: string): boolean {
  if (!timezone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
