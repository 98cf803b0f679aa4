/** True when `error`, or an error it wraps (drizzle wraps the driver's), is Postgres refusing a duplicate in `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string) {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const pg = e as { code?: unknown; constraint_name?: unknown; cause?: unknown };
    if (pg.code === '23505' && pg.constraint_name === constraint) return true;
    e = pg.cause;
  }
  return false;
}
