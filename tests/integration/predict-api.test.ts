import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createDb } from '../../db/client';
import { nodeRuns } from '../../db/schema';
import type { SplitValue } from '../../engine/define-node';
import { decodePortValue } from '../../engine/io/serialize';
import { formatPredictions } from '../../engine/training/predict-records';
import { predictTable } from '../../engine/training/predict-table';
import type { Table } from '../../engine/table';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { registerRunModel, setStage, teamOf, trainedModel } from '../fixtures/model-registry';
import { startHarness, type UserClient } from '../setup/app-harness';
import { SERVER_READY, waitForOutput } from '../setup/child-output';
import { startCallerCache } from '../../serving/caller-cache';
import { startPredictService } from '../../serving/predict-service';
import { SERVE_READY } from '../../serving/main';
import { freePort } from '../setup/global-db';

const EMAIL = 'predict@example.com';
let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
let runs: { lr: string; tree: string };
let teamId: string;
let ids: { v1: string; v2: string };

/** Trains the penguins example with `model` in a real run on the harness's worker; returns the run id. */
function trainPenguins(model: string, hyperparameters: Record<string, unknown>) {
  const graph = structuredClone(penguinsGraph);
  graph.nodes.find((n) => n.id === 'train-1')!.params = { target: 'Species', model, hyperparameters };
  return runGraph(`Penguins ${model}`, graph);
}

/** Saves `graph` as a new pipeline and runs it to success on the harness's worker; returns the run id. */
async function runGraph(name: string, graph: typeof penguinsGraph) {
  const created = await user.gql(`mutation ($name: String!) { createPipeline(name: $name) { id } }`, { name });
  const pipelineId = created.data!.createPipeline.id as string;
  expect((await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: graph })).errors).toBeUndefined();
  const runId = (await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId })).data!.startRun.id as string;
  const events = await user.subscribe<{ runEvents: { type: string; status: string | null } }>(`subscription ($id: ID!) { runEvents(runId: $id) { type status } }`, { id: runId });
  expect(events.at(-1)!.runEvents).toMatchObject({ type: 'run_status', status: 'succeeded' });
  return runId;
}

beforeAll(async () => {
  harness = await startHarness({ worker: true });
  user = await harness.signUp(EMAIL);
  runs = { lr: await trainPenguins('logistic_regression', {}), tree: await trainPenguins('decision_tree', { max_depth: 3 }) };
  teamId = await teamOf(harness.services.db, EMAIL);
  const v1 = await registerRunModel(harness.services, { runId: runs.lr, name: 'penguins', stage: 'production' });
  const v2 = await registerRunModel(harness.services, { runId: runs.tree, name: 'penguins', stage: 'staging' });
  ids = { v1: v1.version.id, v2: v2.version.id };
}, 180_000);
afterAll(() => harness?.stop());

function predict(body: unknown, query = '', opts: { origin?: string; name?: string; headers?: Record<string, string> } = {}) {
  const origin = opts.origin ?? harness.origin;
  return fetch(`${origin}/api/v1/models/${encodeURIComponent(opts.name ?? 'penguins')}/predict${query}`, {
    method: 'POST',
    headers: { origin, cookie: user.cookie, 'content-type': 'application/json', ...opts.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorsOf(res: Response, status: number): Promise<string[]> {
  expect(res.status).toBe(status);
  return ((await res.json()) as { errors: string[] }).errors;
}

const RECORD = { Island: 'Biscoe', 'Beak Length (mm)': 48.2, 'Beak Depth (mm)': 15.1, 'Flipper Length (mm)': 221, 'Body Mass (g)': 5400, Sex: 'MALE' };

/** The raw records of a table (what a client sends): missing cells as null. */
function recordsOf(table: Table, leaveOut: string): Record<string, unknown>[] {
  return Array.from({ length: table.rowCount }, (_, row) =>
    Object.fromEntries(
      table.columns
        .filter((c) => c.name !== leaveOut)
        .map((c) => {
          if (c.kind === 'category') return [c.name, c.codes[row]! < 0 ? null : c.dictionary[c.codes[row]!]];
          const v = c.values[row]!;
          return [c.name, Number.isNaN(v) ? null : v];
        }),
    ),
  );
}

async function splitOutput(runId: string, nodeId: string): Promise<SplitValue> {
  const [row] = await harness.services.db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, nodeId)));
  return decodePortValue(await harness.services.blobs.get(row!.outputs!.data!)) as SplitValue;
}

describe('POST /api/v1/models/{name}/predict', () => {
  test('answers the production version with the predictions the run evaluated, from raw test records', async () => {
    const model = await trainedModel(harness.services.db, harness.services.blobs, runs.lr, 'train-1');
    // What Evaluate saw: the test rows after the run's impute, one-hot and scale.
    const evaluated = (await splitOutput(runs.lr, 'standard-scale-1')).test;
    const expected = formatPredictions(model, await predictTable(model, evaluated), evaluated.rowCount);
    const raw = recordsOf((await splitOutput(runs.lr, 'split-1')).test, 'Species');
    expect(raw.some((r) => Object.values(r).includes(null))).toBe(true);
    const res = await predict({ records: raw });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model: string; version: number; stage: string; predictions: unknown[] };
    expect(body).toMatchObject({ model: 'penguins', version: 1, stage: 'production' });
    expect(body.predictions).toEqual(expected);
    // A body the record scanner leaves to JSON.parse (a key besides "records") is answered the same way.
    const general = await predict({ records: raw, note: 'read through JSON.parse' });
    expect(((await general.json()) as { predictions: unknown[] }).predictions).toEqual(expected);
  });

  test('predicts from a category the model never saw in training and says so, on the fast path and through JSON.parse alike', async () => {
    const plain = (await (await predict({ records: [RECORD] })).json()) as Record<string, unknown>;
    expect(plain).not.toHaveProperty('warnings');
    const records = [RECORD, { ...RECORD, Island: 'Atlantis' }];
    const fast = await predict({ records });
    expect(fast.status).toBe(200);
    const body = (await fast.json()) as { warnings: string[]; predictions: unknown[] };
    expect(body.predictions).toHaveLength(2);
    expect(body.warnings).toEqual([
      "Record 2: 'Island' is 'Atlantis', a value the model never saw in training (it knows 'Biscoe', 'Dream', 'Torgersen'); One-hot set every one of its columns to 0. Send one of the known values if that is what you meant.",
    ]);
    expect(await (await predict({ records, note: 'read through JSON.parse' })).json()).toEqual(body);
    const viaGraphql = await user.gql(`query ($r: [JSON!]!) { predict(model: "penguins", records: $r) { warnings } }`, { r: records });
    expect(viaGraphql.data).toEqual({ predict: { warnings: body.warnings } });
    // The example's dataset reads '.' as missing, so a raw row sending it is answered as one sending null.
    const dotted = (await (await predict({ records: [{ ...RECORD, Sex: '.' }] })).json()) as Record<string, unknown>;
    expect(dotted).not.toHaveProperty('warnings');
    expect(dotted).toEqual(await (await predict({ records: [{ ...RECORD, Sex: null }] })).json());
  });

  test('an external client with a predict token (no cookie, no Origin) gets the same predictions; revoked, it is refused at once', async () => {
    const created = await user.gql(`mutation { createApiToken(name: "Scoring job", scope: predict) { secret token { id } } }`);
    const { secret, token } = created.data!.createApiToken as { secret: string; token: { id: string } };
    const call = () =>
      fetch(`${harness.origin}/api/v1/models/penguins/predict`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ records: [RECORD] }),
      });
    const withToken = await call();
    expect(withToken.status).toBe(200);
    expect(await withToken.json()).toEqual(await (await predict({ records: [RECORD] })).json());
    expect((await user.gql(`mutation ($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: token.id })).errors).toBeUndefined();
    const refused = await call();
    expect(refused.status).toBe(401);
    const body = (await refused.json()) as { error: string; errors: string[] };
    expect(body.error).toMatch(/revoked/i);
    expect(body.errors).toEqual([body.error]);
  });

  test('answers a stage or a version number, and 404 for what does not exist', async () => {
    expect(await (await predict({ records: [RECORD] }, '?stage=staging')).json()).toMatchObject({ version: 2, stage: 'staging' });
    expect(await (await predict({ records: [RECORD] }, '?version=1')).json()).toMatchObject({ version: 1, stage: 'production' });
    expect(await errorsOf(await predict({ records: [RECORD] }, '?version=7'), 404)).toEqual(["Model 'penguins' has no version 7."]);
    expect((await errorsOf(await predict({ records: [RECORD] }, '', { name: 'nope' }), 404))[0]).toContain("No model named 'nope'");
    // Another team's model is not found either: names are per team.
    const other = await harness.signUp('other@example.com');
    const res = await fetch(`${harness.origin}/api/v1/models/penguins/predict`, {
      method: 'POST',
      headers: { origin: harness.origin, cookie: other.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ records: [RECORD] }),
    });
    expect(res.status).toBe(404);
  });

  test('lists every problem of a bad batch in one 400', async () => {
    const records = [
      RECORD,
      { ...RECORD, Wings: 2 },
      { ...RECORD, 'Beak Length (mm)': '48.2', Sex: 1 },
      (({ Island: _, ...rest }) => rest)(RECORD),
      'not a record',
      { ...RECORD, Species: 'Adelie' },
      { ...RECORD, 'Body Mass (g)': 1e400 },
      { ...RECORD, 'Beak Length (mm)': true, Island: true },
    ];
    const errors = await errorsOf(await predict(JSON.stringify({ records }).replace('"Body Mass (g)":null', '"Body Mass (g)":1e400')), 400);
    expect(errors).toEqual([
      "Record 2: unknown column 'Wings' (remove it, or check its spelling).",
      "Record 3: 'Beak Length (mm)' must be a number or null, not the text \"48.2\".",
      "Record 8: 'Beak Length (mm)' must be a number or null, not the boolean true.",
      expect.stringMatching(/^Record 3: 'Sex' must be text or null, not the number 1/),
      "Record 4: the column 'Island' is missing (send null when the value is unknown).",
      'Record 5: not an object with named fields (found the text "not a record"); each record must look like {"column": value, ...}.',
      "Record 7: 'Body Mass (g)' is too large to be a finite number.",
      expect.stringMatching(/^Record 8: 'Island' must be text or null, not the boolean true \(known values: "/),
      expect.stringMatching(/^This model takes the columns: 'Island' \(text\), 'Beak Length \(mm\)' \(number\)/),
    ]);
    // In a body the record scanner reads (the common case), a boolean where the model learned no true/false is refused too.
    expect(await errorsOf(await predict({ records: [{ ...RECORD, Island: true }] }), 400)).toEqual([
      expect.stringMatching(/^Record 1: 'Island' must be text or null, not the boolean true \(known values: "/),
    ]);
  });

  test('pipelined requests whose answers wait on a reader that does not read each get their own answer, byte for byte', async () => {
    // Four batches with different answers; 400 of them pipelined on one connection that reads nothing until all
    // are sent, so the server's writes back up (its answers cannot all go to the kernel at once).
    const raw = recordsOf((await splitOutput(runs.lr, 'split-1')).test, 'Species');
    const bodies = [0, 1, 2, 3].map((k) => JSON.stringify({ records: Array.from({ length: 100 }, (_, i) => raw[(i * 7 + k * 13) % raw.length]) }));
    const expected = await Promise.all(bodies.map(async (body) => Buffer.from(await (await predict(body)).arrayBuffer())));
    expect(new Set(expected.map((b) => b.toString())).size).toBe(4);
    const { hostname, port } = new URL(harness.origin);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    socket.pause();
    const count = 400;
    for (let i = 0; i < count; i++) {
      const body = bodies[i % 4]!;
      const head = `POST /api/v1/models/penguins/predict HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${harness.origin}\r\nCookie: ${user.cookie}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
      if (!socket.write(head + body)) await once(socket, 'drain');
    }
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.resume();
    const answers: Buffer[] = [];
    await vi.waitFor(
      () => {
        const all = Buffer.concat(received);
        answers.length = 0;
        for (let at = 0; at < all.length; ) {
          const headEnd = all.indexOf('\r\n\r\n', at);
          if (headEnd < 0) break;
          const length = Number(/content-length: (\d+)/i.exec(all.subarray(at, headEnd).toString())![1]);
          if (headEnd + 4 + length > all.length) break;
          answers.push(all.subarray(headEnd + 4, headEnd + 4 + length));
          at = headEnd + 4 + length;
        }
        expect(answers.length).toBe(count);
      },
      { timeout: 60_000, interval: 50 },
    );
    socket.destroy();
    const wrong = answers.flatMap((answer, i) => (answer.equals(expected[i % 4]!) ? [] : [i]));
    expect(wrong).toEqual([]);
  });

  test('refuses too many records, a body too large, malformed JSON with its position, and bad query parameters', async () => {
    const many = await errorsOf(await predict({ records: Array.from({ length: 1001 }, () => RECORD) }), 400);
    expect(many).toEqual(['"records" holds 1001 records; at most 1000 are accepted per request (PREDICT_MAX_RECORDS). Split them into smaller batches.']);
    const huge = await errorsOf(await predict(`{"records": [${JSON.stringify(RECORD)}], "pad": "${'x'.repeat(3 * 1024 * 1024)}"}`), 400);
    expect(huge[0]).toMatch(/^The body is \d+ bytes, more than the 2097152 bytes a prediction request may send \(PREDICT_MAX_BODY_BYTES\)/);
    expect(await errorsOf(await predict('{"records": [{"Island": "Biscoe",}]}'), 400)).toEqual([
      'The body is not valid JSON at position 33 (line 1, column 34): Expected double-quoted property name. Check for a missing comma, bracket or quote there.',
    ]);
    expect((await errorsOf(await predict('{"records": [{"Beak Length (mm)": NaN}]}'), 400))[0]).toContain('JSON has no NaN or Infinity: send null for a missing value');
    expect(await errorsOf(await predict({ rows: [RECORD] }), 400)).toEqual(['The body must be a JSON object with a "records" array, e.g. {"records": [{"column": value, ...}]}.']);
    expect(await errorsOf(await predict({ records: [] }), 400)).toEqual(['"records" is empty: send at least one record such as {"column": value}.']);
    expect(await errorsOf(await predict({ records: [RECORD] }, '?stage=prod&version=x&limit=3'), 400)).toEqual([
      "Unknown query parameter 'limit': use ?stage=staging|production or ?version=N.",
      "?stage must be 'staging' or 'production', not 'prod'.",
      "?version must be a version number such as 3, not 'x'.",
      'Ask for a stage or a version, not both.',
    ]);
  });

  test('needs a signed-in caller, and a cookie caller from this site', async () => {
    expect((await errorsOf(await predict({ records: [RECORD] }, '', { headers: { cookie: '' } }), 401))[0]).toContain('Sign in');
    expect((await errorsOf(await predict({ records: [RECORD] }, '', { headers: { origin: 'http://evil.example' } }), 403))[0]).toContain('Cross-site request refused');
  });

  test('a session that signs out is refused at once, although its caller was kept', async () => {
    const teammate = await harness.signUp(EMAIL.replace('predict', 'leaver'));
    const asTeammate = { headers: { cookie: teammate.cookie } };
    // The leaver's own team has no such model: a 404 proves the caller was authenticated (and now kept).
    expect((await predict({ records: [RECORD] }, '', asTeammate)).status).toBe(404);
    const out = await fetch(`${harness.origin}/logout`, { method: 'POST', redirect: 'manual', headers: { origin: harness.origin, cookie: teammate.cookie } });
    expect(out.status).toBeLessThan(400);
    expect((await errorsOf(await predict({ records: [RECORD] }, '', asTeammate), 401))[0]).toContain('Sign in');
  });

  test("a role change, a team switch and a removal reach every process's kept caller through NOTIFY, not a timer", async () => {
    const teammate = await harness.signUp(EMAIL.replace('predict', 'mover'));
    const asTeammate = { headers: { cookie: teammate.cookie } };
    const me = (await teammate.gql(`{ me { id team { id } } }`)).data!.me as { id: string; team: { id: string } };
    const own = me.team.id;
    const shared = await teamOf(harness.services.db, EMAIL);
    const invited = await user.gql(`mutation { inviteMember(email: "${EMAIL.replace('predict', 'mover')}", role: "viewer") { link } }`);
    const accepted = await teammate.gql(`mutation ($t: String!) { acceptInvite(token: $t) { id } }`, { t: invited.data!.inviteMember.link.split('/invite/')[1] });
    expect(accepted.errors).toBeUndefined();
    // The server's own kept caller changes when its NOTIFY arrives, which may be just after the mutation answered.
    const status = () => predict({ records: [RECORD] }, '', asTeammate).then((r) => r.status);
    await expect.poll(status, { timeout: 10_000, interval: 10 }).toBe(200);

    // Another process whose kept callers would never be refreshed by time: only the NOTIFYs can change them.
    const other = createDb(harness.databaseUrl, { max: 2 });
    const cache = await startCallerCache({ db: other.db, sql: other.sql, auth: harness.services.auth, sessionRefreshMs: 3_600_000 });
    const callerThere = () => cache.authenticate({ cookie: teammate.cookie }, { sameOrigin: true, method: 'POST' });
    const seen = { timeout: 10_000, interval: 10 };
    try {
      expect(await callerThere()).toMatchObject({ teamId: shared, scope: { kind: 'session', role: 'viewer' } });
      expect((await user.gql(`mutation ($u: ID!) { changeMemberRole(userId: $u, role: "editor") { role } }`, { u: me.id })).errors).toBeUndefined();
      await vi.waitFor(async () => expect(await callerThere()).toMatchObject({ teamId: shared, scope: { role: 'editor' } }), seen);

      expect((await teammate.gql(`mutation ($t: ID!) { switchTeam(teamId: $t) { id } }`, { t: own })).errors).toBeUndefined();
      await vi.waitFor(async () => expect(await callerThere()).toMatchObject({ teamId: own, scope: { role: 'owner' } }), seen);
      await expect.poll(status, seen).toBe(404);
      expect((await teammate.gql(`mutation ($t: ID!) { switchTeam(teamId: $t) { id } }`, { t: shared })).errors).toBeUndefined();
      await vi.waitFor(async () => expect(await callerThere()).toMatchObject({ teamId: shared }), seen);
      await expect.poll(status, seen).toBe(200);

      expect((await user.gql(`mutation ($u: ID!) { removeMember(userId: $u) }`, { u: me.id })).errors).toBeUndefined();
      await vi.waitFor(async () => expect(await callerThere()).toMatchObject({ teamId: own }), seen);
      // This process too: the removed member's predictions now look in their own team, which has no such model.
      await expect.poll(status, seen).toBe(404);
    } finally {
      await cache.stop();
      await other.sql.end();
    }
  });

  test('keeps at most SERVE_MAX_LOADED_MODELS versions loaded, unloading the least recently used, and unloads archived versions', async () => {
    const { db, blobs } = harness.services;
    // A second model from the logistic run (a run's model is one version per model name).
    const copy = (await registerRunModel(harness.services, { runId: runs.lr, name: 'penguins-copy' })).version;
    const other = createDb(harness.databaseUrl, { max: 2 });
    const service = await startPredictService({ db: other.db, sql: other.sql, blobs, maxRecords: 10, maxLoaded: 2 });
    const answers = async (name: string) => expect(await service.predict(teamId, name, name === 'penguins' ? {} : { version: 1 }, [RECORD])).toMatchObject({ ok: true });
    try {
      await answers('penguins-copy');
      expect(service.loadedVersionIds()).toEqual([copy.id]);
      // Production, then its staged version loaded ahead: the copy, used least recently, is unloaded.
      await answers('penguins');
      await expect.poll(() => service.loadedVersionIds(), { timeout: 10_000 }).toEqual([ids.v1, ids.v2]);
      // Asked for again, it loads again, in place of the least recently used.
      await answers('penguins-copy');
      expect(service.loadedVersionIds()).toEqual([ids.v2, copy.id]);
      await setStage(db, { teamId, name: 'penguins-copy', version: 1, to: 'archived' });
      await expect.poll(() => service.loadedVersionIds(), { timeout: 10_000 }).toEqual([ids.v2]);
    } finally {
      await service.stop();
      await other.sql.end();
    }
  });
});

/**
 * Over the harness's database and data directory: server.ts as `npm start` runs it (a second web process),
 * or serving/main.ts as `npm run serve` runs it (2 processes on one port).
 */
async function startProcess(kind: 'web' | 'serve') {
  const env = { ...process.env, NODE_ENV: 'production' as const, DATABASE_URL: harness.databaseUrl, DATA_DIR: harness.dataDir };
  const child =
    kind === 'web'
      ? spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env: { ...env, PORT: '0', WORKERS: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, ['--import', 'tsx', 'serving/main.ts'], { env: { ...env, SERVE_PORT: String(await freePort()), SERVE_PROCESSES: '2' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const origin = (await waitForOutput(child, kind === 'web' ? SERVER_READY : SERVE_READY).matched)[1]!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { origin, stop: () => (child.kill('SIGTERM'), exited) };
}

test('a promotion swaps the served version on two web processes and npm run serve within a second, with no failed request', async () => {
  const [second, serve] = await Promise.all([startProcess('web'), startProcess('serve')]);
  try {
    const origins = [harness.origin, second.origin, serve.origin];
    // Both processes have loaded and cached version 1 before the promotion.
    for (const origin of origins) expect(await (await predict({ records: [RECORD] }, '', { origin })).json()).toMatchObject({ version: 1 });
    const seen = origins.map(() => [] as { at: number; version: number }[]);
    const failures: string[] = [];
    // The second is counted from the promotion's commit: the registry's transaction (gates, history, audit)
    // takes its own time on a loaded machine, and the NOTIFY goes out only when it commits.
    let promotedAt = Infinity;
    let stop = false;
    const loops = origins.map(async (origin, i) => {
      while (!stop) {
        const res = await predict({ records: [RECORD] }, '', { origin });
        const at = performance.now();
        if (res.status !== 200) failures.push(`${origin}: ${res.status} ${await res.text()}`);
        else seen[i]!.push({ at, version: ((await res.json()) as { version: number }).version });
        // Done once this process has answered for a while past the second after the promotion.
        if (seen[i]!.filter((s) => s.at > promotedAt + 1000).length >= 10 || at - promotedAt > 10_000) return;
      }
    });
    // Some answers before the promotion, then promote version 2 through the registry (transaction + NOTIFY).
    const deadline = performance.now() + 10_000;
    while (seen.some((s) => s.length < 20) && performance.now() < deadline) await new Promise((r) => setImmediate(r));
    const requestedAt = performance.now();
    await setStage(harness.services.db, { teamId, name: 'penguins', version: 2, to: 'production' });
    promotedAt = performance.now();
    await Promise.all(loops);
    stop = true;
    expect(failures).toEqual([]);
    const delays = seen.map((answers) => Math.round((answers.find((s) => s.version === 2)?.at ?? Infinity) - promotedAt));
    console.info(`[predict-api] promotion committed in ${Math.round(promotedAt - requestedAt)} ms, answered from version 2 after ${delays.join(' / ')} ms (in-process web / second web / npm run serve)`);
    seen.forEach((answers, i) => {
      expect(answers.filter((s) => s.at < requestedAt).every((s) => s.version === 1)).toBe(true);
      // A second after the promotion every process answers from the new version, and only from it
      // (npm run serve's two processes each swap on their own, so before that both may answer).
      const late = answers.filter((s) => s.at > promotedAt + 1000);
      expect(late.length, origins[i]).toBeGreaterThanOrEqual(10);
      expect(late.filter((s) => s.version !== 2), `${origins[i]}; first answers from version 2 after ${delays.join(' / ')} ms`).toEqual([]);
    });
  } finally {
    await setStage(harness.services.db, { teamId, name: 'penguins', version: 1, to: 'production' });
    await Promise.all([second.stop(), serve.stop()]);
  }
}, 150_000);

test('a model whose Impute and One-hot come before the Split answers raw records: the run carries them into the split, and the API replays them', async () => {
  const graph = structuredClone(penguinsGraph);
  const wire = (source: string, target: string) => ({ id: `${source}->${target}`, source, sourcePort: 'data', target, targetPort: 'data' });
  graph.edges = [
    wire('dataset-1', 'impute-1'),
    wire('impute-1', 'one-hot-1'),
    wire('one-hot-1', 'split-1'),
    wire('split-1', 'standard-scale-1'),
    wire('standard-scale-1', 'train-1'),
    { id: 'model', source: 'train-1', sourcePort: 'model', target: 'evaluate-1', targetPort: 'model' },
    wire('standard-scale-1', 'evaluate-1'),
  ];
  const runId = await runGraph('Encoded first', graph);
  // The split, as the worker stored it, starts from the steps fitted before it.
  expect((await splitOutput(runId, 'split-1')).fitted.map((f) => f.type)).toEqual(['impute', 'one-hot']);
  await registerRunModel(harness.services, { runId, name: 'encoded-first', stage: 'production' });

  const docs = await fetch(`${harness.origin}/api/v1/models/encoded-first/openapi.json`, { headers: { origin: harness.origin, cookie: user.cookie } });
  const properties = Object.keys(((await docs.json()) as { components: { schemas: { Record: { properties: Record<string, unknown> } } } }).components.schemas.Record.properties);
  expect(properties).toEqual(expect.arrayContaining(['Island', 'Sex']));
  expect(properties.filter((name) => name.includes('='))).toEqual([]);
  const res = await predict({ records: [RECORD, { ...RECORD, Sex: null, 'Beak Depth (mm)': null }] }, '', { name: 'encoded-first' });
  expect(res.status).toBe(200);
  const { predictions } = (await res.json()) as { predictions: { label: string }[] };
  expect(predictions.map((p) => p.label)).toEqual(['Gentoo', 'Gentoo']);
}, 120_000);
