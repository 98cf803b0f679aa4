import type { Sql } from '../db/client';

/**
 * Fed by triggers on `sessions` (payload `session:<id>`, on every delete: sign-out, password change,
 * expiry clean-up, deleted user) and on `memberships` (payload `user:<id>`, a member removed from a team).
 * See db/migrations/*_sessions-ended-notify.sql.
 */
export const SESSIONS_ENDED_CHANNEL = 'pipewright_sessions_ended';

/** WebSocket close codes in graphql-ws's application range; the reasons are shown to whoever reads them. */
export const SESSION_ENDED = { code: 4401, reason: 'Your session ended (signed out, password changed or expired). Sign in again.' };
export const ACCESS_CHANGED = { code: 4403, reason: 'Your team membership changed. Reload the page to continue.' };

type Closable = { close(code: number, reason: string): void };
type Tracked = { sessionId: string; userId: string };

/**
 * Every web process knows which of its sockets were opened by which session and closes them when that
 * session ends anywhere (any instance, any path that deletes the row). A periodic re-check catches what a
 * notification cannot: a session that simply expires, or one that ended while its socket was connecting.
 */
export async function startSocketSessions(sql: Sql, opts: { recheckMs?: number } = {}) {
  const sockets = new Map<Closable, Tracked>();
  // Indexed by session: a clean-up that deletes many expired sessions notifies once per row.
  const bySession = new Map<string, Set<Closable>>();

  const close = (socket: Closable, why: { code: number; reason: string }) => {
    untrack(socket);
    socket.close(why.code, why.reason);
  };
  const closeSession = (sessionId: string) => bySession.get(sessionId)?.forEach((socket) => close(socket, SESSION_ENDED));

  function untrack(socket: Closable) {
    const tracked = sockets.get(socket);
    if (!tracked) return;
    sockets.delete(socket);
    const set = bySession.get(tracked.sessionId)!;
    set.delete(socket);
    if (set.size === 0) bySession.delete(tracked.sessionId);
  }

  const listener = await sql.listen(SESSIONS_ENDED_CHANNEL, (payload) => {
    const [kind, id] = payload.split(':');
    if (kind === 'session') closeSession(id!);
    if (kind === 'user') for (const [socket, t] of sockets) if (t.userId === id) close(socket, ACCESS_CHANGED);
  });

  async function recheck() {
    const ids = [...bySession.keys()];
    if (ids.length === 0) return;
    const rows = await sql<{ id: string }[]>`select id from sessions where id = any(${ids}) and expires_at > now()`;
    const alive = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!alive.has(id)) closeSession(id);
  }

  const timer = setInterval(() => {
    // A failed check (database restarting) is retried at the next tick; the sockets stay as they are.
    recheck().catch(() => {});
  }, opts.recheckMs ?? 30_000);
  timer.unref();

  return {
    /** Follows one socket until it closes; call with the session its upgrade request carried. */
    track(socket: Closable, tracked: Tracked) {
      untrack(socket);
      sockets.set(socket, tracked);
      const set = bySession.get(tracked.sessionId) ?? new Set();
      bySession.set(tracked.sessionId, set.add(socket));
    },
    untrack,
    recheck,
    async stop() {
      clearInterval(timer);
      await listener.unlisten();
    },
  };
}

export type SocketSessions = Awaited<ReturnType<typeof startSocketSessions>>;
