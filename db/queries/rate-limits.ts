import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rateLimits } from '../schema';

export type RateLimit = { limit: number; windowSeconds: number };
export type Count = { hits: number; retryAfterSeconds: number };

const windowOf = (windowSeconds: number) => sql`make_interval(secs => ${windowSeconds})`;

/**
 * Counts one hit against each key in a fixed window of `windowSeconds` and returns every key's count.
 * One upsert, so concurrent requests on any web instance count correctly; keys are sorted so two
 * statements touching overlapping keys lock them in the same order and cannot deadlock.
 */
export async function countHits(db: Db, keys: string[], windowSeconds: number): Promise<Map<string, Count>> {
  const window = windowOf(windowSeconds);
  const rows = await db
    .insert(rateLimits)
    .values([...new Set(keys)].sort().map((key) => ({ key, windowStart: sql`now()`, hits: 1 })))
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${rateLimits.windowStart} + ${window} <= now() then 1 else ${rateLimits.hits} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} + ${window} <= now() then now() else ${rateLimits.windowStart} end`,
      },
    })
    .returning({
      key: rateLimits.key,
      hits: rateLimits.hits,
      retryAfter: sql<number>`ceil(extract(epoch from (${rateLimits.windowStart} + ${window} - now())))::int`,
    });
  return new Map(rows.map((r) => [r.key, { hits: r.hits, retryAfterSeconds: Math.max(1, r.retryAfter) }]));
}

/**
 * Takes back one hit per key: for attempts that turned out not to count (a success, or one refused unverified).
 * One statement per key, so it never holds one key's row while waiting for another's: a single UPDATE over
 * several keys locks them in scan order, not key order, and deadlocked with a concurrent countHits.
 */
export async function forgiveHits(db: Db, keys: string[]) {
  for (const key of [...new Set(keys)].sort()) {
    await db
      .update(rateLimits)
      .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
      .where(eq(rateLimits.key, key));
  }
}

/** Forgets the keys' counts, a statement per key for the same reason as forgiveHits. */
export async function clearHits(db: Db, keys: string[]) {
  for (const key of [...new Set(keys)].sort()) await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** Counts one hit against `key` and says whether it is within the limit. */
export async function hitRateLimit(db: Db, key: string, { limit, windowSeconds }: RateLimit) {
  const count = (await countHits(db, [key], windowSeconds)).get(key)!;
  return { allowed: count.hits <= limit, retryAfterSeconds: count.retryAfterSeconds };
}
