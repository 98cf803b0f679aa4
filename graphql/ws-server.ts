import type { IncomingMessage } from 'node:http';
import type { GraphQLError } from 'graphql';
import { createGraphQLError, maskError, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { AppServices } from '../app/services.server';
import type { GraphQLContext } from './context';

/** Operations in flight at once (per socket, and per signed-in user across this web process's sockets), and sockets per user. */
export const SOCKET_LIMITS = { perSocket: 20, perUser: 50, socketsPerUser: 20 } as const;
export const SIGN_IN_FIRST = { code: 4401, reason: 'Sign in to receive live updates.' };
export const TOO_MANY_SOCKETS = { code: 4429, reason: 'Too many open connections for your account. Close other tabs and reload.' };

type Extra = { request: IncomingMessage; socket: WebSocket };
type Yoga = YogaServerInstance<{ req?: IncomingMessage }, GraphQLContext>;

const tooMany = (message: string) => [createGraphQLError(message, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];

/**
 * graphql-ws on top of yoga's envelop: the same parse/validate (query limits, introspection rule), context
 * and masking as HTTP. A bad operation fails alone, with an error message for its id; the socket stays.
 */
export function serveGraphQLOverWebSocket(wss: WebSocketServer, yoga: Yoga, services: AppServices, opts: { exposeErrors: boolean }) {
  // Per socket: whose it is and which operation ids it has open; per user: totals across their sockets.
  const sockets = new WeakMap<WebSocket, { userId: string; ops: Set<string> }>();
  const users = new Map<string, { sockets: number; ops: number }>();
  const loadOf = (userId: string) => users.get(userId) ?? users.set(userId, { sockets: 0, ops: 0 }).get(userId)!;
  const forgetIdle = (userId: string) => {
    const load = users.get(userId);
    if (load && load.sockets === 0 && load.ops === 0) users.delete(userId);
  };
  const release = (socket: WebSocket, id: string) => {
    const record = sockets.get(socket);
    if (!record?.ops.delete(id)) return;
    loadOf(record.userId).ops--;
    forgetIdle(record.userId);
  };

  const mask = (error: GraphQLError) => maskError(error, 'Unexpected error.', opts.exposeErrors) as GraphQLError;

  return useServer<Record<string, unknown> | undefined, Extra>(
    {
      // Close reasons of failed sockets carry error messages unless this is set (graphql-ws reads NODE_ENV otherwise).
      isProd: !opts.exposeErrors,
      execute: (args) => (args.rootValue as { execute: (a: unknown) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: unknown) => unknown }).subscribe(args) as never,
      onConnect: async (ctx) => {
        const { socket } = ctx.extra;
        const { viewer } = await services.auth.readViewer(ctx.extra.request.headers.cookie ?? null);
        // Closed while we read the session: nothing to follow (onClose has already run).
        if (socket.readyState !== socket.OPEN) return true;
        // Every operation worth a socket needs a signed-in user; anonymous sockets would escape every per-user cap.
        if (!viewer) {
          socket.close(SIGN_IN_FIRST.code, SIGN_IN_FIRST.reason);
          return false;
        }
        const userId = viewer.user.id;
        const load = loadOf(userId);
        if (load.sockets >= SOCKET_LIMITS.socketsPerUser) {
          forgetIdle(userId);
          socket.close(TOO_MANY_SOCKETS.code, TOO_MANY_SOCKETS.reason);
          return false;
        }
        load.sockets++;
        sockets.set(socket, { userId, ops: new Set() });
        services.socketSessions.track(socket, { sessionId: viewer.session.id, userId });
        return true;
      },
      onClose: (ctx) => {
        services.socketSessions.untrack(ctx.extra.socket);
        const record = sockets.get(ctx.extra.socket);
        if (!record) return;
        sockets.delete(ctx.extra.socket);
        const load = loadOf(record.userId);
        load.sockets--;
        load.ops -= record.ops.size;
        forgetIdle(record.userId);
      },
      onSubscribe: async (ctx, id, payload) => {
        // graphql-ws has already recorded this id, so the count includes it.
        if (Object.keys(ctx.subscriptions).length > SOCKET_LIMITS.perSocket) {
          return tooMany(`This connection already has ${SOCKET_LIMITS.perSocket} operations open, the limit. Close one (unsubscribe) before starting another.`);
        }
        const record = sockets.get(ctx.extra.socket);
        if (record) {
          const load = loadOf(record.userId);
          if (load.ops >= SOCKET_LIMITS.perUser) {
            return tooMany(`You already have ${SOCKET_LIMITS.perUser} live subscriptions open, the limit per user. Close some tabs or views and try again.`);
          }
          record.ops.add(id);
          load.ops++;
        }
        const enveloped = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params: payload });
        try {
          const document = enveloped.parse(payload.query);
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length) return [...errors];
          return {
            schema: enveloped.schema,
            operationName: payload.operationName,
            document,
            variableValues: payload.variables,
            contextValue: await enveloped.contextFactory(),
            rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
          };
        } catch (error) {
          // A syntax error or a refused (too large) query: fail this operation only (onError releases it).
          if (error instanceof Error && error.name === 'GraphQLError') return [error as GraphQLError];
          throw error;
        }
      },
      onComplete: (ctx, id) => release(ctx.extra.socket, id),
      onError: (ctx, id, _payload, errors) => {
        release(ctx.extra.socket, id);
        return errors.map((e) => mask(e).toJSON());
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => mask(e).toJSON()) } : undefined,
    },
    wss,
  );
}
