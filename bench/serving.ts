import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalBlobStore } from '../db/blob-store';
import { createDb } from '../db/client';
import { SERVE_READY } from '../serving/main';
import { penguinsGraph } from '../tests/fixtures/penguins-graph';
import { registerRunModel } from '../tests/fixtures/model-registry';
import { waitForOutput } from '../tests/setup/child-output';
import { gql, missingBuild, signUp, withBenchServer } from './bench-server';
import { freePort } from './preview-round-trip';

/**
 * Issue 10: the prediction API against the FastAPI + uvicorn + scikit-learn peer of the same penguins
 * pipeline, both measured by the peer's own bench_peer.py (wrk over loopback, 16 connections, single
 * records and batches of 100) in this one run, 2 processes each (the peer: SO_REUSEPORT; ours:
 * `npm run serve` with SERVE_PROCESSES=2, node:cluster, as Node 20 has no reusePort).
 * Ours: the penguins example trained in a real run (logistic regression, random forest of 100 trees),
 * registered and served from production. Auth is a session cookie (with the Origin the API asks of cookie
 * callers); switch to an API token once tokens land. BENCH_SERVING_RUNS / _DURATION / _WARMUP set
 * bench_peer.py's --runs / --duration / --warmup (default 3 × 5 s after 2 s).
 */
const PEER_DIR = process.env.BENCH_SERVING_PEER_DIR ?? path.resolve('../shared/peers/serving');
const PYTHON = '/usr/bin/python3';
const RUNS = process.env.BENCH_SERVING_RUNS ?? '3';
const DURATION = process.env.BENCH_SERVING_DURATION ?? '5';
const WARMUP = process.env.BENCH_SERVING_WARMUP ?? '2';
const MODELS = [
  { key: 'lr', name: 'penguins-lr', title: 'logistic regression', train: { model: 'logistic_regression', hyperparameters: {} } },
  { key: 'rf', name: 'penguins-rf', title: 'random forest', train: { model: 'random_forest', hyperparameters: { n_estimators: 100 } } },
] as const;
const GOALS = { singleRps: 10, batchRecords: 3, p99Ms: 10 };

type Cell = { model: string; payload: string; median: { rps: number; records_s: number; p99_ms: number; errors_total: number; server_cpu_pct: number } };

export async function measureServing(): Promise<string> {
  const noBuild = missingBuild('serving');
  if (noBuild) return noBuild;
  if (!existsSync(path.join(PEER_DIR, 'bench_peer.py'))) return `serving: skipped: the peer is not at ${PEER_DIR} (set BENCH_SERVING_PEER_DIR)`;
  const missing = missingTools();
  if (missing.includes('wrk')) return `serving: skipped: wrk is missing (apt-get install -y wrk); ${missing.join(', ')}`;
  const out = mkdtempSync(path.join(os.tmpdir(), 'pipewright-bench-serving-'));
  try {
    const peer = missing.length > 0 ? `skipped: missing Debian packages for the peer (${missing.join(', ')}): apt-get install -y python3-fastapi python3-uvicorn python3-uvloop python3-httptools python3-sklearn python3-pandas` : measurePeer(out);
    const ours = await measureOurs(out);
    return report(ours, peer);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function missingTools(): string[] {
  const missing: string[] = [];
  if (spawnSync('wrk', ['--version']).error) missing.push('wrk');
  const py = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn, uvloop, httptools, sklearn, pandas']);
  if (py.error || py.status !== 0) missing.push('python3-fastapi/uvicorn/uvloop/httptools/sklearn/pandas');
  return missing;
}

/** bench_peer.py as its README runs it: the peer's 2 processes on one port, both models. */
function measurePeer(out: string): Cell[] {
  const env = { ...process.env, PEER_OUT: out };
  python(['train_peer.py'], PEER_DIR, env);
  const port = String(18_100 + Math.floor(Math.random() * 800));
  python(benchArgs('peer', ['--models', 'lr,rf', '--workers', '2', '--modes', 'reuseport', '--port', port]), PEER_DIR, env);
  return summary(out, 'peer').map((c) => ({ ...c, model: c.model }));
}

const benchArgs = (tag: string, extra: string[]) => [
  'bench_peer.py', '--tag', tag, ...extra, '--payloads', 'single,batch100', '--concurrency', '16', '--runs', RUNS, '--duration', DURATION, '--warmup', WARMUP,
];

function python(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(PYTHON, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} failed (exit ${result.status}).`);
}

function summary(out: string, tag: string): Cell[] {
  return (JSON.parse(readFileSync(path.join(out, 'results', `${tag}_summary.json`), 'utf8')) as { cells: Cell[] }).cells;
}

/**
 * A copy of the peer's folder whose wrk script and checks send our auth headers (BENCH_HEADERS) and
 * read our answer's shape ({ predictions: [{ label, probabilities }] }); the measuring is unchanged.
 */
function adaptedPeerCopy(out: string): string {
  const root = path.join(out, 'adapted');
  const dir = path.join(root, 'peers', 'serving');
  cpSync(PEER_DIR, dir, { recursive: true });
  symlinkSync(path.resolve(PEER_DIR, '..', '..', 'data'), path.join(root, 'data'));
  patch(path.join(dir, 'post.lua'), '  wrk.headers["Content-Type"] = "application/json"\n', [
    '  for name, value in string.gmatch(os.getenv("BENCH_HEADERS") or "", "([^\\n:]+): ([^\\n]*)") do wrk.headers[name] = value end\n',
  ]);
  patch(path.join(dir, 'bench_peer.py'), '    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})\n', [
    '    extra = dict(h.split(": ", 1) for h in os.environ.get("BENCH_HEADERS", "").split("\\n") if h)\n',
    '    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **extra})\n',
  ], true);
  patch(path.join(dir, 'bench_peer.py'), '            st, out = http(url, f.read())\n', [
    '        if st == 200 and out.get("predictions") and isinstance(out["predictions"][0], dict):\n',
    '            out = dict(predictions=[p["label"] for p in out["predictions"]], probabilities=[p["probabilities"] for p in out["predictions"]])\n',
  ]);
  return dir;
}

/** Adds `lines` after `anchor` (or instead of it), failing loudly when the peer's files changed. */
function patch(file: string, anchor: string, lines: string[], replace = false) {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(anchor)) throw new Error(`The serving bench adapts ${file} after ${JSON.stringify(anchor)}, which is no longer there: update bench/serving.ts.`);
  writeFileSync(file, text.replace(anchor, (replace ? '' : anchor) + lines.join('')));
}

async function measureOurs(out: string): Promise<Cell[]> {
  return withBenchServer('serving', { WORKERS: '1' }, async (server) => {
    const cookie = await signUp(server.origin);
    const { db, sql } = createDb(server.databaseUrl, { max: 2 });
    const cells: Cell[] = [];
    try {
      const blobs = createLocalBlobStore(path.join(server.dataDir, 'blobs'));
      for (const m of MODELS) {
        const runId = await trainInRun(server.origin, cookie, sql, m.train);
        await registerRunModel({ db, blobs }, { runId, name: m.name, stage: 'production' });
      }
      const port = await freePort();
      const serve = spawn(process.execPath, ['--import', 'tsx', 'serving/main.ts'], {
        env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir, SERVE_PORT: String(port), SERVE_PROCESSES: '2', HOST: '127.0.0.1', API_RATE_LIMIT_PER_MINUTE: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      try {
        const origin = (await waitForOutput(serve, SERVE_READY).matched)[1]!;
        const dir = adaptedPeerCopy(out);
        const env = { ...process.env, PEER_OUT: out, BENCH_HEADERS: `Cookie: ${cookie}\nOrigin: ${origin}` };
        for (const m of MODELS) {
          const url = `${origin}/api/v1/models/${m.name}/predict`;
          python(benchArgs(`ours-${m.key}`, ['--url', url, '--label', 'pipewright', '--server-pid', String(serve.pid)]), dir, env);
          cells.push(...summary(out, `ours-${m.key}`).map((c) => ({ ...c, model: m.key })));
        }
      } finally {
        serve.kill('SIGTERM');
        await exited;
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
    return cells;
  });
}

/** Runs the penguins example with `train` on the bench server's worker; resolves with the run id once it succeeded. */
async function trainInRun(origin: string, cookie: string, sql: ReturnType<typeof createDb>['sql'], train: { model: string; hyperparameters: Record<string, unknown> }) {
  const graph = structuredClone(penguinsGraph);
  graph.nodes.find((n) => n.id === 'train-1')!.params = { target: 'Species', ...train };
  const { createPipeline } = await gql(origin, cookie, `mutation ($name: String!) { createPipeline(name: $name) { id } }`, { name: `Penguins ${train.model}` });
  await gql(origin, cookie, `mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: createPipeline.id, g: graph });
  const { startRun } = await gql(origin, cookie, `mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: createPipeline.id });
  const deadline = Date.now() + 300_000;
  for (;;) {
    const [run] = await sql<{ status: string }[]>`select status from runs where id = ${startRun.id}`;
    if (run?.status === 'succeeded') return startRun.id as string;
    if (run && !['queued', 'running'].includes(run.status)) throw new Error(`The ${train.model} run ended ${run.status}.`);
    if (Date.now() > deadline) throw new Error(`The ${train.model} run did not finish in 5 minutes.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function report(ours: Cell[], peer: Cell[] | string): string {
  const lines = [
    `Prediction API vs FastAPI + uvicorn + scikit-learn (penguins; 2 processes each; wrk -c16 on 127.0.0.1; median of ${RUNS} × ${DURATION} s)`,
    '| model | payload | ours req/s | ours records/s | ours p99 ms | ours errors | peer req/s | peer records/s | peer p99 ms | req/s ratio | records/s ratio | records per server CPU-s, ours / peer | goal |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const m of MODELS) {
    for (const payload of ['single', 'batch100']) {
      const o = ours.find((c) => c.model === m.key && c.payload === payload)?.median;
      const p = typeof peer === 'string' ? undefined : peer.find((c) => c.model === m.key && c.payload === payload)?.median;
      if (!o) continue;
      const ratio = (a: number, b?: number) => (b ? `${(a / b).toFixed(1)}×` : '—');
      const goal = payload === 'single'
        ? `≥ ${GOALS.singleRps}× req/s, p99 ≤ ${GOALS.p99Ms} ms: ${p && o.rps / p.rps >= GOALS.singleRps && o.p99_ms <= GOALS.p99Ms ? 'met' : p ? 'not met' : '—'}`
        : `≥ ${GOALS.batchRecords}× records/s, p99 ≤ ${GOALS.p99Ms} ms: ${p && o.records_s / p.records_s >= GOALS.batchRecords && o.p99_ms <= GOALS.p99Ms ? 'met' : p ? 'not met' : '—'}`;
      // On a busy machine the two servers get different CPU shares: records per CPU-second compares their work.
      const perCpu = (c: Cell['median']) => c.records_s / Math.max(c.server_cpu_pct / 100, 1e-9);
      const cpu = p ? `${perCpu(o).toFixed(0)} / ${perCpu(p).toFixed(0)} (${ratio(perCpu(o), perCpu(p))})` : `${perCpu(o).toFixed(0)} / —`;
      lines.push(
        `| ${m.title} | ${payload} | ${o.rps.toFixed(0)} | ${o.records_s.toFixed(0)} | ${o.p99_ms.toFixed(1)} | ${o.errors_total} | ${p ? p.rps.toFixed(0) : '—'} | ${p ? p.records_s.toFixed(0) : '—'} | ${p ? p.p99_ms.toFixed(1) : '—'} | ${ratio(o.rps, p?.rps)} | ${ratio(o.records_s, p?.records_s)} | ${cpu} | ${goal} |`,
      );
    }
  }
  if (typeof peer === 'string') lines.push(`peer: ${peer}`);
  return lines.join('\n');
}
