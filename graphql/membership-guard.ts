import { createGraphQLError } from 'graphql-yoga';
import { findMembership } from '../db/queries/team-members';
import type { GraphQLContext } from './context';

/** How old a membership check may be when the next event goes out. */
export const MEMBERSHIP_RECHECK_MS = 500;

/** Per process (services): each (team, user)'s latest membership check, shared by all of their subscriptions. */
const verdicts = new WeakMap<object, Map<string, { at: number; member: Promise<boolean> }>>();

/**
 * Whether the user is still a member, at most MEMBERSHIP_RECHECK_MS old: a user following 20 runs costs one
 * query per interval, not 20, and 200 subscribers' events do not queue behind 200 queries.
 */
function isStillMember(ctx: GraphQLContext, teamId: string, userId: string): Promise<boolean> {
  let checks = verdicts.get(ctx.services);
  if (!checks) verdicts.set(ctx.services, (checks = new Map()));
  const key = `${teamId}:${userId}`;
  const known = checks.get(key);
  if (known && Date.now() - known.at < MEMBERSHIP_RECHECK_MS) return known.member;
  const member = findMembership(ctx.services.db, teamId, userId).then(Boolean);
  const entry = { at: Date.now(), member };
  checks.set(key, entry);
  // A failed check is not remembered: the next event asks again.
  member.catch(() => checks.get(key) === entry && checks.delete(key));
  return member;
}

/**
 * Passes a subscription's events on while the subscriber is still a member of the team, re-checked at
 * most every MEMBERSHIP_RECHECK_MS as events flow; a removed member gets an error and nothing more. Their
 * sockets are also closed on removal (graphql/socket-sessions.ts): this holds even if that notice is lost.
 * A plain iterator object, not a generator: `return()` must reach the source at once (unsubscribing while
 * a `next()` waits), which an async generator would queue behind the pending call.
 */
export function whileMember<T>(ctx: GraphQLContext, teamId: string, source: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  const userId = ctx.viewer!.user.id;
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      const result = await source.next();
      if (result.done) return result;
      if (!(await isStillMember(ctx, teamId, userId))) {
        await source.return?.();
        throw createGraphQLError('You are no longer a member of this team, so its updates stopped.', { extensions: { code: 'FORBIDDEN' } });
      }
      return result;
    },
    return: (value?: unknown) => source.return?.(value) ?? Promise.resolve({ done: true, value: undefined as T }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
