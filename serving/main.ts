import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createAuth } from '../app/auth.server';
import { env } from '../app/env.server';
import { createLocalBlobStore } from '../db/blob-store';
import { createDb } from '../db/client';
import { originCheck } from '../server';
import { createApiRateLimiter } from './api-rate-limit';
import { startCallerCache } from './caller-cache';
import { createPredictHandler } from './http-predict';
import { startPredictService } from './predict-service';
import { acceptBalancedConnections, startBalancer } from './connection-balancer';
import { lingerAfterEarlyAnswer } from './lingering-close';

/**
 * `npm run serve`: the prediction API alone, for scaling serving apart from the editor. It reads the
 * database and blob directory of a running Pipewright (DATABASE_URL, DATA_DIR) and answers only
 * POST /api/v1/models/{name}/predict on SERVE_PORT. SERVE_PROCESSES > 1 forks that many processes
 * (node:cluster; Node 20 has no `reusePort` for http servers), and the primary spreads connections over
 * them by least connections.
 */
export const SERVE_READY = /serving predictions at (http:\/\/\S+) with (\d+) process/;

async function startServingProcess(): Promise<void> {
  if (!env.DATABASE_URL) {
    throw new Error('npm run serve needs DATABASE_URL: the Postgres of the Pipewright whose models it serves (migrated by `npm start`), e.g. postgres://user@127.0.0.1:5432/pipewright.');
  }
  const { db, sql } = createDb(env.DATABASE_URL, { max: 4 });
  const services = {
    callers: await startCallerCache({ db, sql, auth: createAuth(db, { secureCookies: false }) }),
    apiRateLimit: createApiRateLimiter({ perMinute: env.API_RATE_LIMIT_PER_MINUTE }),
    predictions: await startPredictService({ db, sql, blobs: createLocalBlobStore(env.blobDir), maxRecords: env.PREDICT_MAX_RECORDS, maxLoaded: env.SERVE_MAX_LOADED_MODELS }),
  };
  const predict = createPredictHandler(services, { maxBodyBytes: env.PREDICT_MAX_BODY_BYTES, isAllowedOrigin: originCheck(env.TRUST_PROXY) });
  const server = createServer((req, res) => {
    lingerAfterEarlyAnswer(req, res);
    if (predict(req, res)) return;
    const body = JSON.stringify({ errors: [`This is the prediction server: it answers POST /api/v1/models/{name}/predict only, not ${req.method} ${req.url}.`] });
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  });
  server.keepAliveTimeout = 65_000;
  if (!cluster.isWorker) await new Promise<void>((resolve) => server.listen(env.SERVE_PORT, env.HOST, resolve));
  const stop = async () => {
    server.closeAllConnections();
    // A process of a cluster never listened itself: its connections come from the primary.
    if (server.listening) await new Promise((resolve) => server.close(resolve));
    await services.predictions.stop();
    await services.callers.stop();
    await sql.end({ timeout: 5 });
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
  if (cluster.isWorker) return acceptBalancedConnections(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.SERVE_PORT;
  console.log(`Pipewright is serving predictions at http://${env.HOST}:${port} with 1 process · Ctrl-C to stop`);
}

/**
 * Listens, forks the serving processes and hands them connections (connection-balancer.ts), says when
 * every one is ready, and stops them all on a signal.
 */
async function startPrimary(processes: number): Promise<void> {
  const balancer = await startBalancer(env.SERVE_PORT, env.HOST);
  let ready = 0;
  let stopping = false;
  cluster.on('fork', (worker) => balancer.add(worker));
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on('message', (_worker, message: { serving?: string }) => {
    if (message.serving === 'ready' && ++ready === processes) {
      console.log(`Pipewright is serving predictions at http://${env.HOST}:${balancer.port} with ${processes} processes · Ctrl-C to stop`);
    }
  });
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`[serve] process ${worker.process.pid} exited (code ${code}); starting another.`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    balancer.close();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href || cluster.isWorker) {
  const started = cluster.isPrimary && env.SERVE_PROCESSES > 1 ? startPrimary(env.SERVE_PROCESSES) : startServingProcess();
  started.catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
