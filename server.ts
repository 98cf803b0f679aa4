import { createRequestHandler } from '@remix-run/express';
import { broadcastDevReady, type ServerBuild } from '@remix-run/node';
import express from 'express';
import { watch } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyRequestOrigin } from 'lucia';
import { env, isProduction } from './app/env.server';
import { createServices, type AppServices } from './app/services.server';
import { openDatabase } from './db/database';
import { readWorkerLiveness, removeWorker } from './db/queries/workers';
import { createGraphQL } from './graphql/yoga';
import { spawnWorkers } from './worker/spawn';

const BUILD_PATH = path.resolve('build/index.js');

const isAllowedOrigin = (req: IncomingMessage) => {
  const origin = req.headers.origin;
  const host = req.headers.host;
  return Boolean(origin && host && verifyRequestOrigin(origin, [host]));
};

/** The HTTP server: Remix, GraphQL over HTTP and WebSocket, health. Returns `{ start, stop }`. */
export async function buildApp(services: AppServices, opts: { port: number; host: string; dev: boolean; trustProxy?: boolean }) {
  const graphql = createGraphQL(services, { graphiql: opts.dev, isAllowedOrigin });
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, client addresses (used by rate limits) come from X-Forwarded-For.
  app.set('trust proxy', opts.trustProxy ?? false);

  // 200 while the database answers, 'degraded' when no worker is live: a web process without workers
  // can still serve pages, so a liveness probe must not restart it for that. 503 only for the database.
  app.get('/healthz', async (_req, res) => {
    try {
      const workers = await readWorkerLiveness(services.db);
      res.json({ status: workers.live > 0 ? 'ok' : 'degraded', database: 'ok', workers });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unavailable' });
    }
  });

  // State-changing requests must come from our own pages (cookies are SameSite=Lax, this closes the rest).
  app.use((req, res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || isAllowedOrigin(req)) return next();
    res.status(403).json({ error: 'Cross-site request refused: the Origin header is missing or is not this site.' });
  });

  app.all('/graphql', (req, res) => void graphql.yoga(req, res, { req }));
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }));
  app.use(express.static('public', { maxAge: '1h' }));

  const handlerFor = (build: ServerBuild) =>
    createRequestHandler({
      build,
      mode: opts.dev ? 'development' : 'production',
      getLoadContext: (req) => ({ services, clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown' }),
    });
  let build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  if (!opts.dev && build.mode !== 'production') {
    throw new Error('build/ holds a development build (left by `npm run dev`). Run `npm run build` first; `npm start` does.');
  }
  let handleRequest = handlerFor(build);
  if (opts.dev) {
    // `remix dev --manual` rebuilds into build/; re-import it and tell the dev server we are ready.
    watch(path.dirname(BUILD_PATH), { persistent: false }, async () => {
      build = (await import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)) as ServerBuild;
      handleRequest = handlerFor(build);
      broadcastDevReady(build);
    });
  }
  app.all('*', (req, res, next) => handleRequest(req, res, next));

  let server: ReturnType<typeof app.listen> | undefined;
  return {
    async start() {
      server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
        const s = app.listen(opts.port, opts.host, () => resolve(s));
      });
      graphql.attachWebSocket(server);
      if (opts.dev) broadcastDevReady(build);
      const address = server.address();
      return typeof address === 'object' && address ? address.port : opts.port;
    },
    async stop() {
      await graphql.stop();
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    },
  };
}

async function main() {
  const started = Date.now();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir, embeddedPort: env.EMBEDDED_PG_PORT });
  const { services, stop: stopServices } = await createServices({
    databaseUrl: database.url,
    blobDir: env.blobDir,
    secureCookies: isProduction && env.HOST !== '127.0.0.1' && env.HOST !== 'localhost',
    maxUploadBytes: env.MAX_UPLOAD_MB * 1024 * 1024,
  });
  const web = await buildApp(services, { port: env.PORT, host: env.HOST, dev: !isProduction, trustProxy: env.TRUST_PROXY });
  const port = await web.start();
  const workers = await spawnWorkers(env.WORKERS, { DATABASE_URL: database.url }, {
    onExit: ({ workerId }) => (workerId ? removeWorker(services.db, workerId) : undefined),
  });

  const where = database.embedded ? `embedded Postgres in ${path.join(env.dataDir, 'postgres')}` : 'DATABASE_URL';
  console.log(`Pipewright is running at http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`);
  console.log(`  database: ${where} · workers: ${env.WORKERS} · ready in ${Date.now() - started} ms · Ctrl-C to stop`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping Pipewright…');
    await workers.stop();
    await web.stop();
    await stopServices();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
