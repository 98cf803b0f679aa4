import type { IncomingMessage, Server } from 'node:http';
import { createYoga } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AppServices } from '../app/services.server';
import { buildContext, type GraphQLContext } from './context';
import { schema } from './schema';

/** GraphQL over HTTP (yoga) and over WebSocket (graphql-ws) through the same envelop pipeline and context builder. */
export function createGraphQL(services: AppServices, opts: { graphiql: boolean; isAllowedOrigin: (req: IncomingMessage) => boolean }) {
  const yoga = createYoga<{ req?: IncomingMessage }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: opts.graphiql ? { subscriptionsProtocol: 'WS' } : false,
    landingPage: false,
    // Only our own pages call the API; yoga's default CORS would echo any Origin with credentials.
    cors: false,
    context: (init) => buildContext(services, init),
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const wsServer = useServer(
    {
      execute: (args) => (args.rootValue as { execute: (a: unknown) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: unknown) => unknown }).subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        const args = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        return errors.length ? errors : args;
      },
    },
    wss,
  );

  function attachWebSocket(server: Server) {
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/graphql') return;
      // Browsers send cookies with cross-site WebSocket handshakes; refuse foreign origins.
      if (!opts.isAllowedOrigin(req)) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    });
  }

  return {
    yoga,
    attachWebSocket,
    async stop() {
      await wsServer.dispose();
      wss.close();
    },
  };
}
