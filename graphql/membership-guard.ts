import { createGraphQLError } from 'graphql-yoga';
import { findMembership } from '../db/queries/team-members';
import type { GraphQLContext } from './context';

/** How old a membership check may be when the next event goes out. */
export const MEMBERSHIP_RECHECK_MS = 500;

/**
 * Passes a subscription's events on while the subscriber is still a member of the team, re-checked at
 * most every MEMBERSHIP_RECHECK_MS as events flow; a removed member gets an error and nothing more. Their
 * sockets are also closed on removal (graphql/socket-sessions.ts): this holds even if that notice is lost.
 * A plain iterator object, not a generator: `return()` must reach the source at once (unsubscribing while
 * a `next()` waits), which an async generator would queue behind the pending call.
 */
export function whileMember<T>(ctx: GraphQLContext, teamId: string, source: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  const userId = ctx.viewer!.user.id;
  let checkedAt = Date.now();
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      const result = await source.next();
      if (result.done || Date.now() - checkedAt < MEMBERSHIP_RECHECK_MS) return result;
      if (!(await findMembership(ctx.services.db, teamId, userId))) {
        await source.return?.();
        throw createGraphQLError('You are no longer a member of this team, so its updates stopped.', { extensions: { code: 'FORBIDDEN' } });
      }
      checkedAt = Date.now();
      return result;
    },
    return: (value?: unknown) => source.return?.(value) ?? Promise.resolve({ done: true, value: undefined as T }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
