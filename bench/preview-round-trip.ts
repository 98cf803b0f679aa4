import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServices } from '../app/services.server';
import { ensureDatabase } from '../db/database';
import { migrateDatabase } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded';
import { insertDatasetVersion } from '../db/queries/datasets';
import { createPipeline } from '../db/queries/pipelines';
import { parseDatasetBytes, tableSchema } from '../engine/io/dataset';
import { createGraphQL } from '../graphql/yoga';
import { ensureBenchCsv } from './generate-csv';
import { EDITS, WARM_UP, workbenchChain } from './workbench';

/**
 * The preview as the editor gets it: POST /graphql through yoga, the resolver's checks (pipeline and
 * datasets of the team, graph validation) and the worker-thread pool, with the upstream cached and the
 * last node edited each time. Uses an embedded Postgres of its own; run alone with
 * `npx tsx bench/preview-round-trip.ts`.
 */
const QUERY = 'query ($pipelineId: ID!, $graph: JSON!, $nodeId: ID!, $sample: JSON) { preview(pipelineId: $pipelineId, graph: $graph, nodeId: $nodeId, sample: $sample) }';
/** The upload the chain reads: the bench file's shape, 10,000 rows (the sample takes the first 1,000). */
const UPLOAD_ROWS = 10_000;

export async function measurePreviewRoundTrip(rows: number): Promise<{ p50: number; p95: number }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'pipewright-bench-rt-'));
  // Parents must be readable by the postgres OS user when the bench runs as root.
  await chmod(tmp, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort() });
  const stops: (() => Promise<unknown>)[] = [() => pg.stop(), () => rm(tmp, { recursive: true, force: true })];
  try {
    await ensureDatabase(pg.url('postgres'), 'bench');
    await migrateDatabase(pg.url('bench'));
    const { services, stop } = await createServices({ databaseUrl: pg.url('bench'), blobDir: path.join(tmp, 'blobs'), secureCookies: false, maxUploadBytes: 1 << 30 });
    stops.unshift(stop);
    const graphql = createGraphQL(services, { graphiql: false, introspection: false, exposeErrors: false, isAllowedOrigin: () => true });
    const server = http.createServer((req, res) => void graphql.handleHttp(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.unshift(() => graphql.stop(), () => new Promise((resolve) => server.close(resolve)));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const { cookie, pipelineId, dataset } = await seed(services);
    const times: number[] = [];
    for (let edit = 0; edit < WARM_UP + EDITS; edit++) {
      const variables = { pipelineId, graph: workbenchChain(edit, dataset), nodeId: 'split', sample: { mode: 'head', rows } };
      const started = performance.now();
      const res = await fetch(`${origin}/graphql`, { method: 'POST', headers: { origin, cookie, 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables }) });
      const body = (await res.json()) as { data?: { preview: { status: string } }; errors?: unknown };
      const elapsed = performance.now() - started;
      if (body.data?.preview.status !== 'ok') throw new Error(`The preview round trip failed: ${JSON.stringify(body).slice(0, 500)}`);
      if (edit >= WARM_UP) times.push(elapsed);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    return { p50: at(0.5), p95: at(0.95) };
  } finally {
    for (const stop of stops) await stop();
  }
}

/** A user with a session, a pipeline, and the upload the chain reads. */
async function seed(services: Awaited<ReturnType<typeof createServices>>['services']) {
  const credentials = { email: 'bench@example.com', password: 'a long enough password' };
  await services.auth.signUp(credentials);
  const signedIn = await services.auth.signIn(credentials);
  if (!signedIn.ok) throw new Error(signedIn.error);
  const cookie = `pw_session=${signedIn.sessionId}`;
  const { viewer } = await services.auth.readViewer(cookie);
  if (!viewer) throw new Error('The bench session was not accepted.');
  const pipeline = await createPipeline(services.db, viewer.team.id, viewer.user.id, 'Bench');
  const bytes = await readFile(ensureBenchCsv(UPLOAD_ROWS));
  const table = await parseDatasetBytes(bytes, { format: 'csv' });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const blobKey = `datasets/${viewer.team.id}/${sha256}.csv`;
  const { version } = await insertDatasetVersion(
    services.db,
    { teamId: viewer.team.id, userId: viewer.user.id, name: 'bench', blobKey, format: 'csv', bytes: bytes.byteLength, sha256, rowCount: table.rowCount, schema: tableSchema(table) },
    { place: () => services.blobs.put(blobKey, bytes), remove: () => services.blobs.delete(blobKey) },
  );
  return { cookie, pipelineId: pipeline.id, dataset: { source: 'upload' as const, datasetVersionId: version.id } };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { p50, p95 } = await measurePreviewRoundTrip(1000);
  console.log(`preview round trip via GraphQL, 6-node chain, 1,000 rows: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target p95 ≤ 30 ms)`);
}
