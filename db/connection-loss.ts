/**
 * Errors that mean "the database went away" (a restart, a failover, a dropped network) rather than "this query is
 * wrong": postgres.js's own connection codes, socket errors, and Postgres's connection-exception (08) and
 * operator-intervention shutdown (57P0x) classes. Drizzle wraps the driver's error as `cause`.
 */
const CONNECTION_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export function isConnectionLoss(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) return true;
  }
  return false;
}

/**
 * Runs `work` again while the database is unreachable, backing off up to 2 s, until it succeeds, fails for another
 * reason, or `withinMs` passed. `work` must be safe to repeat: one transaction that re-checks its own preconditions
 * (a commit whose acknowledgement was lost is then seen as already done).
 */
export async function retryWhileDatabaseIsAway<T>(work: () => Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionLoss(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
