/**
 * Team operations report expected refusals as values: Remix routes run from the app bundle while GraphQL
 * runs from source, so an error class would not match across the two. `code` maps onto GraphQL's codes
 * and HTTP statuses (FORBIDDEN 403, NOT_FOUND 404, BAD_USER_INPUT 400, CONFLICT 409).
 */
export type TeamRefusal = { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT'; error: string };
export type TeamResult<T> = { ok: true; value: T } | TeamRefusal;

export const done = <T>(value: T): TeamResult<T> => ({ ok: true, value });
export const refuse = (code: TeamRefusal['code'], error: string): TeamRefusal => ({ ok: false, code, error });

export const HTTP_STATUS: Record<TeamRefusal['code'], number> = { FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, CONFLICT: 409 };

/** Who acts on a team: a signed-in user and their role there. */
export type TeamActor = { userId: string; teamId: string; role: import('./teams').TeamRole };
