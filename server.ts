import { createRequestHandler } from '@remix-run/express';
import { broadcastDevReady, type ServerBuild } from '@remix-run/node';
import express from 'express';
import { watch } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { env, graphqlIntrospection, isProduction } from './app/env.server';
import { createProcessLifecycle } from './app/process-lifecycle.server';
import { createServices, type AppServices } from './app/services.server';
import { openDatabase } from './db/database';
import { markWorkerLost, readWorkerLiveness } from './db/queries/workers';
import { createGraphQL, type GraphQLOptions } from './graphql/yoga';
import { metricsHandler } from './app/metrics.server';
import { spawnWorkers } from './worker/spawn';
import { isTokenApiRequest } from './serving/token-request';
import { mountApiDocs } from './serving/api-docs-routes';
import { createPredictHandler } from './serving/http-predict';
import { keepSocketForAnswer, lingerAfterEarlyAnswer } from './serving/lingering-close';

const BUILD_PATH = path.resolve('build/index.js');
/** Signals this close to the first are the same Ctrl-C, relayed by a parent process. */
const SAME_CTRL_C_MS = 1000;

/**
 * Same origin means same scheme, host and port: comparing hosts alone would let an http:// page (which a
 * network attacker can serve) act on an https:// site. The scheme is the connection's own, or the
 * proxy's X-Forwarded-Proto when the proxy is trusted.
 */
export const originCheck = (trustProxy: boolean) => (req: IncomingMessage) => {
  const { origin, host } = req.headers;
  if (!origin || !host) return false;
  const forwarded = trustProxy ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase() : '';
  const encrypted = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : encrypted ? 'https' : 'http';
  try {
    return new URL(origin).origin === new URL(`${scheme}://${host}`).origin;
  } catch {
    return false;
  }
};

/** The HTTP server: Remix, GraphQL over HTTP and WebSocket, health. Returns `{ start, stop }`. */
export async function buildApp(
  services: AppServices,
  opts: { port: number; host: string; dev: boolean; trustProxy?: boolean; graphql?: Partial<GraphQLOptions>; metricsToken?: string },
) {
  const isAllowedOrigin = originCheck(opts.trustProxy ?? false);
  const graphql = createGraphQL(services, {
    graphiql: opts.dev,
    introspection: graphqlIntrospection,
    exposeErrors: env.NODE_ENV === 'development',
    isAllowedOrigin,
    ...opts.graphql,
  });
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, client addresses (used by rate limits) come from X-Forwarded-For.
  app.set('trust proxy', opts.trustProxy ?? false);
  if (!opts.trustProxy) warnOnceAboutUntrustedProxy(app);

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

  // Prometheus scrapes; see metricsHandler for why it is open unless METRICS_TOKEN is set.
  app.get('/metrics', metricsHandler(services.metrics, opts.metricsToken ?? env.METRICS_TOKEN));

  // State-changing requests must come from our own pages (cookies are SameSite=Lax, this closes the rest).
  // API token requests are exempt: a browser cannot add an Authorization header to a cross-site request.
  app.use((req, res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || isAllowedOrigin(req) || isTokenApiRequest(req)) return next();
    res.status(403).json({ error: 'Cross-site request refused: the Origin header is missing or is not this site.' });
  });

  app.all('/graphql', (req, res, next) => graphql.handleHttp(req, res).catch(next));
  mountApiDocs(app, services);
  // Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'));
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

  // The prediction API is answered before express: no per-request middleware on the serving path.
  const predict = createPredictHandler(services, { maxBodyBytes: env.PREDICT_MAX_BODY_BYTES, isAllowedOrigin });
  let server: ReturnType<typeof createServer> | undefined;
  return {
    async start() {
      server = await new Promise<ReturnType<typeof createServer>>((resolve) => {
        const s = createServer((req, res) => {
          lingerAfterEarlyAnswer(req, res);
          if (predict(req, res)) return;
          keepSocketForAnswer(req, res);
          app(req, res);
        }).listen(opts.port, opts.host, () => resolve(s));
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

/**
 * Behind a proxy without TRUST_PROXY every client shares the proxy's address, so per-address limits
 * (sign-in, sign-up) would treat them all as one client. Say so once, to whoever reads the server log.
 */
function warnOnceAboutUntrustedProxy(app: express.Express) {
  let warned = false;
  app.use((req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for']) {
      warned = true;
      console.warn(
        '[web] Requests carry X-Forwarded-For but TRUST_PROXY is off, so every client behind that proxy counts as one address for rate limits. Behind a reverse proxy, set TRUST_PROXY=true.',
      );
    }
    next();
  });
}

async function main() {
  const started = Date.now();
  const life = createProcessLifecycle();
  let firstSignalAt = 0;
  // A parent that exits first (`remix dev` on Ctrl-C) closes our output: a log line must not crash the shutdown.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  // Installed before anything starts, so a Ctrl-C at any moment of start-up stops what already runs.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // npm and `remix dev` relay the terminal's Ctrl-C, which reached us too: only a later one insists.
      if (life.stopping && Date.now() - firstSignalAt < SAME_CTRL_C_MS) return;
      if (life.stopping) {
        console.log('Stopping Pipewright at once (Postgres recovers from its log at the next start)…');
        life.force();
        process.exit(130);
      }
      firstSignalAt = Date.now();
      console.log('Stopping Pipewright… (Ctrl-C again to stop at once)');
      void life.stop().then(() => process.exit(0));
    });
  }

  try {
    await life.start(async (signal) => {
      const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir, embeddedPort: env.EMBEDDED_PG_PORT, signal });
      life.defer('database', database.stop, database.kill);
      signal.throwIfAborted();
      // Workers boot (seconds of module loading in their own processes) while this process builds the web app.
      let markLost: (workerId: string) => Promise<void> = async () => {};
      const workersStarting = spawnWorkers(env.WORKERS, { DATABASE_URL: database.url }, {
        signal,
        drainSeconds: env.WORKER_DRAIN_SECONDS,
        onExit: ({ workerId }) => (workerId ? markLost(workerId) : undefined),
      });
      workersStarting.catch(() => {}); // awaited below; a web failure first must not leave it unhandled
      let port: number;
      try {
        const { services, stop: stopServices } = await createServices({
          databaseUrl: database.url,
          blobDir: env.blobDir,
          secureCookies: isProduction && env.HOST !== '127.0.0.1' && env.HOST !== 'localhost',
          maxUploadBytes: env.MAX_UPLOAD_MB * 1024 * 1024,
          uploadParse: { concurrency: env.UPLOAD_PARSE_CONCURRENCY, queueLimit: env.UPLOAD_PARSE_QUEUE },
        });
        markLost = (workerId) => markWorkerLost(services.db, workerId);
        life.defer('database connections', stopServices);
        signal.throwIfAborted();
        const web = await buildApp(services, { port: env.PORT, host: env.HOST, dev: !isProduction, trustProxy: env.TRUST_PROXY });
        port = await web.start();
        life.defer('web server', web.stop);
        signal.throwIfAborted();
      } catch (error) {
        await workersStarting.then((w) => w.stop(), () => {});
        throw error;
      }
      const workers = await workersStarting;
      life.defer('workers', workers.stop, workers.kill);
      signal.throwIfAborted();

      const where = database.embedded ? `embedded Postgres in ${path.join(env.dataDir, 'postgres')}` : 'DATABASE_URL';
      console.log(`Pipewright is running at http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`);
      console.log(`  database: ${where} · workers: ${env.WORKERS} · ready in ${Date.now() - started} ms · Ctrl-C to stop`);
    });
  } catch (error) {
    // Stopped during start-up: the signal handler finishes the shutdown and exits.
    if (life.signal.aborted) return;
    console.error(error instanceof Error ? error.message : error);
    await life.stop();
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
