import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rateLimits } from '../schema';

export type RateLimit = { limit: number; windowSeconds: number };

/**
 * Counts one hit against `key` in a fixed window and says whether it is within the limit.
 * One upsert, so concurrent requests on any web instance count correctly.
 */
export async function hitRateLimit(db: Db, key: string, { limit, windowSeconds }: RateLimit) {
  const window = sql`make_interval(secs => ${windowSeconds})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: sql`now()`, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${rateLimits.windowStart} + ${window} <= now() then 1 else ${rateLimits.hits} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} + ${window} <= now() then now() else ${rateLimits.windowStart} end`,
      },
    })
    .returning({
      hits: rateLimits.hits,
      retryAfter: sql<number>`ceil(extract(epoch from (${rateLimits.windowStart} + ${window} - now())))::int`,
    });
  return { allowed: row!.hits <= limit, retryAfterSeconds: Math.max(1, row!.retryAfter) };
}
