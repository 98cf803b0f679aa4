import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { AppServices } from '../app/services.server';
import { buildContext, type GraphQLContext } from './context';
import { readBodyWithin } from './http-body-limit';
import { QUERY_LIMITS, queryLimitPlugins } from './query-limits';
import { rawJsonPlugin } from './raw-json';
import { schema } from './schema';
import { serveGraphQLOverWebSocket } from './ws-server';

export type GraphQLOptions = {
  graphiql: boolean;
  /** `__schema`/`__type` queries; off in production unless GRAPHQL_INTROSPECTION=true. */
  introspection: boolean;
  /** Unexpected errors carry their original message and stack (development only). */
  exposeErrors: boolean;
  isAllowedOrigin: (req: IncomingMessage) => boolean;
};

/** GraphQL over HTTP (yoga) and over WebSocket (graphql-ws) through the same envelop pipeline and context builder. */
export function createGraphQL(services: AppServices, opts: GraphQLOptions) {
  const yoga = createYoga<{ req?: IncomingMessage }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: opts.graphiql ? { subscriptionsProtocol: 'WS' } : false,
    landingPage: false,
    // Only our own pages call the API; yoga's default CORS would echo any Origin with credentials.
    cors: false,
    // handleHttp reads every body within QUERY_LIMITS.maxBodyBytes before yoga sees it; yoga's own limit would pipe
    // that body through a web TransformStream again (~0.3 ms a request).
    maxRequestBodySize: false,
    maskedErrors: { isDev: opts.exposeErrors },
    plugins: [...queryLimitPlugins({ introspection: opts.introspection }), rawJsonPlugin()],
    context: (init) => buildContext(services, init),
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const wsServer = serveGraphQLOverWebSocket(wss, yoga, services, { exposeErrors: opts.exposeErrors });

  /** The HTTP endpoint, with the body read (up to the cap) before yoga sees it. */
  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'POST') {
      const chunks = await readBodyWithin(req, res, QUERY_LIMITS.maxBodyBytes);
      if (!chunks) return;
      // whatwg-node takes an already-read body from req.body; as a stream it is as fast as reading the
      // request itself, while a Buffer or string body made a 360 KB flood take 5-20 times longer.
      (req as IncomingMessage & { body?: unknown }).body = Readable.from(chunks);
    }
    await yoga(req, res, { req });
  }

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
    handleHttp,
    attachWebSocket,
    async stop() {
      await wsServer.dispose();
      wss.close();
    },
  };
}
