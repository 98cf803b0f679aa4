import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computeContentKeys } from '../../engine/content-key';
import { createPreviewer } from '../../engine/preview';
import type { UrlDatasetRef } from '../../engine/define-node';
import { sampleRows } from '../../engine/table-ops';
import { buildChain } from '../../engine/testing/fixtures';
import { downloadUrl } from '../../worker/url-fetch/download';
import { DEFAULT_URL_FETCH_SETTINGS, type UrlFetchSettings } from '../../worker/url-fetch/settings';
import { identifyUrl, loadPreparedUrl, prepareUrlSources, type UrlSources } from '../../worker/url-fetch/preview-hooks';
import { createUrlCache } from '../../worker/url-fetch/url-cache';
import { createUrlDatasets } from '../../worker/url-fetch/url-datasets';
import { startHarness, type UserClient } from '../setup/app-harness';
import { startFileServer } from '../setup/file-server';

let server: Awaited<ReturnType<typeof startFileServer>>;
let scratch: string;

beforeAll(async () => {
  server = await startFileServer();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'pipewright-fetch-'));
});
afterAll(async () => {
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const MB = 1024 * 1024;
let cacheCount = 0;
/** A fresh cache directory per call, so each test counts its own requests. */
function openUrls(overrides: Partial<UrlFetchSettings> = {}) {
  const settings: UrlFetchSettings = { ...DEFAULT_URL_FETCH_SETTINGS, allowHosts: [server.host], maxBytes: MB, timeoutMs: 1500, revalidateMs: 0, ...overrides };
  const dir = path.join(scratch, `cache-${++cacheCount}`);
  return { dir, urls: createUrlDatasets({ cache: createUrlCache({ dir, settings }), settings }) };
}
const ref = (url: string, format: UrlDatasetRef['format'] = 'auto'): UrlDatasetRef => ({ source: 'url', url, format });
const at = (pathname: string) => `${server.origin}${pathname}`;

describe('reading files', () => {
  test('a CSV by its content type, a JSON array by its first byte, a gzipped body decompressed', async () => {
    const { urls } = openUrls();
    const csv = await urls.load(ref(at('/data.csv')), { maxAgeMs: 0 });
    expect(sampleRows(csv, 3)).toEqual([[1, 'ada', 3.5], [2, 'bob', 4], [3, 'cy', null]]);
    const json = await urls.load(ref(at('/data')), { maxAgeMs: 0 });
    expect(json.columns.map((c) => c.name)).toEqual(['x', 'kind']);
    const gzipped = await urls.load(ref(at('/gzipped.csv')), { maxAgeMs: 0 });
    expect(gzipped.rowCount).toBe(3);
  });

  test('an unparseable body names the URL and the parser message', async () => {
    const { urls } = openUrls();
    await expect(urls.load(ref(at('/bad.csv')), { maxAgeMs: 0 })).rejects.toThrow(
      `${at('/bad.csv')} could not be read as CSV: Line 1: columns 1 and 2 are both named 'a'.`,
    );
  });

  test('HTTP errors carry the status; only http(s) and redirects to http(s)', async () => {
    const { urls } = openUrls();
    await expect(urls.load(ref(at('/missing.csv')), { maxAgeMs: 0 })).rejects.toThrow(`${at('/missing.csv')} answered HTTP 404 Not Found. Check the URL`);
    await expect(urls.load(ref('file:///etc/passwd'), { maxAgeMs: 0 })).rejects.toThrow('Only http and https URLs can be fetched; file:///etc/passwd uses file.');
    await expect(urls.load(ref(at('/to-ftp')), { maxAgeMs: 0 })).rejects.toThrow('ftp://files.example.com/data.csv uses ftp');
  });
});

describe('the cache', () => {
  test('revalidates with If-None-Match; a 304 reuses the cached body; new bytes are downloaded and change the identity', async () => {
    const { urls } = openUrls();
    const file = ref(at('/data.csv'));
    const before = server.hits('/data.csv');
    const logs: string[] = [];
    await urls.load(file, { maxAgeMs: 0, log: (m) => logs.push(m) });
    await urls.load(file, { maxAgeMs: 0, log: (m) => logs.push(m) });
    expect(server.hits('/data.csv')).toEqual({ all: before.all + 2, conditional: before.conditional + 1 });
    expect(logs[0]).toMatch(/^Downloaded .*data\.csv \(\d+ bytes, sha256 [0-9a-f]{12}…\)\.$/);
    expect(logs[1]).toContain('has not changed since it was cached; using the cached copy.');

    // Within the freshness window nothing is asked at all.
    await urls.load(file, { maxAgeMs: 60_000 });
    expect(server.hits('/data.csv').all).toBe(before.all + 2);

    // Content keys follow the bytes: same URL, new body, new key.
    const graph = buildChain([['fetch', 'fetch-url', { url: file.url }], ['keep', 'filter', { conditions: [] }]]);
    const keysNow = () => computeContentKeys(graph, { identifyDataset: (r) => (r.source === 'url' ? urls.identify(r) : undefined) });
    await urls.prepare([file]);
    const first = keysNow();
    await urls.prepare([file]);
    expect(keysNow()).toEqual(first);
    try {
      server.setCsv('id,name,score\n1,ada,5\n');
      await urls.prepare([file]);
      const second = keysNow();
      expect(second.get('fetch')).not.toBe(first.get('fetch'));
      expect(second.get('keep')).not.toBe(first.get('keep'));
      expect((await urls.load(file, { maxAgeMs: Infinity })).rowCount).toBe(1);
      expect(urls.knownSchema(file)?.columns.map((c) => c.name)).toEqual(['id', 'name', 'score']);
    } finally {
      server.setCsv('id,name,score\n1,ada,3.5\n2,bob,4\n3,cy,\n');
    }
  });

  test('revalidates with If-Modified-Since when the server gives only Last-Modified', async () => {
    const { urls } = openUrls();
    const before = server.hits('/records.json');
    await urls.load(ref(at('/records.json')), { maxAgeMs: 0 });
    const again = await urls.load(ref(at('/records.json')), { maxAgeMs: 0 });
    expect(again.rowCount).toBe(2);
    expect(server.hits('/records.json')).toEqual({ all: before.all + 2, conditional: before.conditional + 1 });
  });

  test('past its disk budget the cache drops the URLs checked longest ago, never the one just fetched', async () => {
    const { urls, dir } = openUrls({ cacheMaxBytes: 60 }); // the CSV is 38 bytes, the JSON 39: one fits
    await urls.load(ref(at('/data.csv')), { maxAgeMs: 0 });
    await urls.load(ref(at('/records.json')), { maxAgeMs: 0 });
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.data'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const before = server.hits('/records.json').conditional;
    await urls.load(ref(at('/records.json')), { maxAgeMs: 0 });
    expect(server.hits('/records.json').conditional).toBe(before + 1); // still cached, so revalidated
  });

  test('before any fetch a URL has no identity, so a content key cannot be made from a stale guess', () => {
    const { urls } = openUrls();
    const graph = buildChain([['fetch', 'fetch-url', { url: at('/data.csv') }]]);
    expect(() => computeContentKeys(graph, { identifyDataset: (r) => (r.source === 'url' ? urls.identify(r) : undefined) })).toThrow(
      `Fetch from URL: ${at('/data.csv')} has not been read yet. Preview this step or run the pipeline to read it.`,
    );
  });
});

describe('refused addresses', () => {
  test('loopback is refused without the allowlist, before any request', async () => {
    const { urls } = openUrls({ allowHosts: [] });
    const before = server.hits('/data.csv').all;
    await expect(urls.load(ref(at('/data.csv')), { maxAgeMs: 0 })).rejects.toThrow(
      `${at('/data.csv')} points to 127.0.0.1, a loopback address. Fetch does not read from inside the server's own network; if this source is trusted, ask your admin to add "${server.host}" to FETCH_ALLOW_HOSTS.`,
    );
    const byName = `http://localhost:${new URL(server.origin).port}/data.csv`;
    await expect(urls.load(ref(byName), { maxAgeMs: 0 })).rejects.toThrow(/the host localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(server.hits('/data.csv').all).toBe(before);
  });

  test('a redirect from an allowed host to a refused address is refused at that hop', async () => {
    const { urls } = openUrls();
    await expect(urls.load(ref(at('/to-private')), { maxAgeMs: 0 })).rejects.toThrow(/points to 127\.0\.0\.2, a loopback address\. .*FETCH_ALLOW_HOSTS/);
  });

  test('an allowlisted name is fetched through the pinned lookup', async () => {
    const port = new URL(server.origin).port;
    const { urls } = openUrls({ allowHosts: [`localhost:${port}`] });
    expect((await urls.load(ref(`http://localhost:${port}/data.csv`), { maxAgeMs: 0 })).rowCount).toBe(3);
  });

  test('connects only to the resolved addresses, trying the next when one refuses', async () => {
    const port = new URL(server.origin).port;
    const settings = { ...DEFAULT_URL_FETCH_SETTINGS, allowHosts: [`files.test:${port}`] };
    // files.test exists in no DNS: the request reaches the server only through the pinned lookup.
    // Nothing listens on 127.0.0.2, so the first address refuses and the second answers.
    const lookupHost = async () => [{ address: '127.0.0.2', family: 4 }, { address: '127.0.0.1', family: 4 }];
    const file = path.join(scratch, 'pinned.csv');
    const result = await downloadUrl(`http://files.test:${port}/data.csv`, { settings, file, lookupHost });
    expect(result).toMatchObject({ status: 'downloaded', finalUrl: `http://files.test:${port}/data.csv`, bytes: 38 });
    const refusing = async () => [{ address: '127.0.0.2', family: 4 }];
    await expect(downloadUrl(`http://files.test:${port}/data.csv`, { settings, file: `${file}.2`, lookupHost: refusing })).rejects.toThrow(
      `The server of http://files.test:${port}/data.csv (address 127.0.0.2) refused the connection.`,
    );
  });

  test('a failed prepare is remembered: the schema hook and a preview load re-throw it without asking again', async () => {
    const { urls } = openUrls({ allowHosts: [] });
    const file = ref(at('/data.csv'));
    await urls.prepare([file]);
    expect(urls.identify(file)).toMatch(/^failed:/);
    expect(() => urls.knownSchema(file)).toThrow('a loopback address');
    await expect(urls.load(file, { maxAgeMs: Infinity })).rejects.toThrow('a loopback address');
  });
});

describe('limits', () => {
  test('a slow server times out with the URL and the limit named', async () => {
    const { urls } = openUrls({ timeoutMs: 500 });
    const started = Date.now();
    await expect(urls.load(ref(at('/slow.csv')), { maxAgeMs: 0 })).rejects.toThrow(`${at('/slow.csv')} did not finish within 0.5 s.`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('an endless body stops at the cap; a declared oversize body is refused before reading', async () => {
    const { urls, dir } = openUrls({ timeoutMs: 10_000 });
    await expect(urls.load(ref(at('/endless.csv')), { maxAgeMs: 0 })).rejects.toThrow(`${at('/endless.csv')} is larger than the 1 MB limit. Use a smaller file, or ask your admin to raise FETCH_MAX_BYTES.`);
    const started = Date.now();
    await expect(urls.load(ref(at('/declared-huge.csv')), { maxAgeMs: 0 })).rejects.toThrow('is larger than the 1 MB limit.');
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await readdir(dir)).filter((f) => f.startsWith('tmp-'))).toEqual([]);
  });

  test('a gzip bomb stops at the cap counted after decompression', async () => {
    const { urls, dir } = openUrls({ timeoutMs: 10_000 });
    await expect(urls.load(ref(at('/bomb.csv')), { maxAgeMs: 0 })).rejects.toThrow(`${at('/bomb.csv')} is larger than the 1 MB limit once decompressed.`);
    expect(await readdir(dir)).toEqual([]);
  });

  test('redirects are followed up to the cap, and a loop is cut there', async () => {
    const { urls } = openUrls();
    expect((await urls.load(ref(at('/hop/5')), { maxAgeMs: 0 })).rowCount).toBe(3);
    await expect(urls.load(ref(at('/hop/6')), { maxAgeMs: 0 })).rejects.toThrow(`${at('/hop/6')} redirected more than 5 times (the last hop was to ${at('/data.csv')}).`);
    const before = server.hits('/loop').all;
    await expect(urls.load(ref(at('/loop')), { maxAgeMs: 0 })).rejects.toThrow(`${at('/loop')} redirected more than 5 times`);
    expect(server.hits('/loop').all - before).toBe(6);
  });

  test("the caller's abort rejects with its reason", async () => {
    const { urls } = openUrls({ timeoutMs: 10_000 });
    const controller = new AbortController();
    const loading = urls.load(ref(at('/slow.csv')), { maxAgeMs: 0, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('preview superseded')), 50);
    await expect(loading).rejects.toThrow('preview superseded');
  });
});

describe('sample previews', () => {
  /**
   * Laid out like the preview pool: URLs prepared where requests arrive, the previewer in a "thread" with
   * its own UrlDatasets over the same cache directory, and only the plain `sources` passed between them.
   */
  function openPreviewer(overrides: Partial<UrlFetchSettings> = {}) {
    const { urls: requestSide, dir } = openUrls(overrides);
    const threadSide = createUrlDatasets({ cache: createUrlCache({ dir, settings: DEFAULT_URL_FETCH_SETTINGS }), settings: DEFAULT_URL_FETCH_SETTINGS });
    let sources: UrlSources = {};
    const previewer = createPreviewer({
      cacheBytes: 8 * MB,
      identifyDataset: (r) => (r.source === 'url' ? identifyUrl(sources, r) : undefined),
      loadSample: (r, _sample, signal) => (r.source === 'url' ? loadPreparedUrl(threadSide, sources, r, signal) : Promise.reject(new Error('only URLs here'))),
    });
    const hooks = {
      async prepare(graph: Parameters<typeof prepareUrlSources>[1], nodeId: string) {
        sources = structuredClone(await prepareUrlSources(requestSide, graph, nodeId));
      },
    };
    return { hooks, previewer, requestSide };
  }

  test('sample outputs are cached under the bytes: a 304 computes nothing, new bytes recompute', async () => {
    const { hooks, previewer } = openPreviewer();
    const graph = buildChain([['fetch', 'fetch-url', { url: at('/data.csv') }], ['keep', 'filter', { conditions: [{ column: 'score', op: 'gte', value: 4 }] }]]);
    await hooks.prepare(graph, 'keep');
    expect(await previewer.preview({ graph, nodeId: 'keep' })).toMatchObject({ status: 'ok', computed: ['fetch', 'keep'], rowsOut: [{ rows: 1 }] });
    const before = server.hits('/data.csv');
    await hooks.prepare(graph, 'keep');
    expect(server.hits('/data.csv')).toEqual({ all: before.all + 1, conditional: before.conditional + 1 });
    expect(await previewer.preview({ graph, nodeId: 'keep' })).toMatchObject({ status: 'ok', computed: [] });
    try {
      server.setCsv('id,name,score\n1,ada,5\n2,bob,6\n');
      await hooks.prepare(graph, 'keep');
      expect(await previewer.preview({ graph, nodeId: 'keep' })).toMatchObject({ status: 'ok', computed: ['fetch', 'keep'], rowsOut: [{ rows: 2 }] });
    } finally {
      server.setCsv('id,name,score\n1,ada,3.5\n2,bob,4\n3,cy,\n');
    }
  });

  test('bytes replaced between preparing and loading are refused, not cached under the old identity', async () => {
    const { hooks, previewer, requestSide } = openPreviewer();
    const graph = buildChain([['fetch', 'fetch-url', { url: at('/data.csv') }]]);
    await hooks.prepare(graph, 'fetch');
    try {
      server.setCsv('id\n7\n');
      await requestSide.load(ref(at('/data.csv')), { maxAgeMs: 0 }); // e.g. a run on this host refreshed the cache
      expect(await previewer.preview({ graph, nodeId: 'fetch' })).toMatchObject({
        status: 'error',
        message: `${at('/data.csv')} changed on its server while this preview was being computed. Preview again.`,
      });
      await hooks.prepare(graph, 'fetch');
      expect(await previewer.preview({ graph, nodeId: 'fetch' })).toMatchObject({ status: 'ok', rowsOut: [{ rows: 1 }] });
    } finally {
      server.setCsv('id,name,score\n1,ada,3.5\n2,bob,4\n3,cy,\n');
    }
  });

  test("a URL that cannot be fetched shows the fetch's message on the Fetch node", async () => {
    const { hooks, previewer } = openPreviewer();
    const graph = buildChain([['fetch', 'fetch-url', { url: at('/missing.csv') }], ['keep', 'filter', { conditions: [] }]]);
    await hooks.prepare(graph, 'keep');
    expect(await previewer.preview({ graph, nodeId: 'keep' })).toMatchObject({
      status: 'error',
      failedNodeId: 'fetch',
      reason: 'invalid',
      message: expect.stringContaining(`${at('/missing.csv')} answered HTTP 404 Not Found.`),
    });
  });
});

describe('runs on real pg-boss workers', () => {
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let user: UserClient;
  const RUN_EVENTS = 'subscription ($runId: ID!) { runEvents(runId: $runId) { type nodeId status message payload } }';
  type RunEvent = { runEvents: { type: string; nodeId: string | null; status: string | null; message: string | null; payload: any } };

  beforeAll(async () => {
    harness = await startHarness({ worker: true, urlFetch: { ...DEFAULT_URL_FETCH_SETTINGS, allowHosts: [server.host], maxBytes: MB, timeoutMs: 5000, revalidateMs: 0 } });
    user = await harness.signUp('fetcher@example.com');
  });
  afterAll(() => harness?.stop());

  async function pipelineWith(steps: Parameters<typeof buildChain>[0]) {
    const created = await user.gql('mutation { createPipeline(name: "Fetched") { id } }');
    const id = created.data!.createPipeline.id as string;
    const saved = await user.gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id, graph: buildChain(steps) });
    expect(saved.errors).toBeUndefined();
    return id;
  }
  const startRun = (id: string) => user.gql('mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', { id });

  test('a fetched CSV flows through a filter; the worker revalidates the copy the run was checked against', async () => {
    const id = await pipelineWith([
      ['fetch', 'fetch-url', { url: at('/data.csv') }],
      ['keep', 'filter', { conditions: [{ column: 'score', op: 'gte', value: 4 }] }],
    ]);
    const before = server.hits('/data.csv');
    const started = await startRun(id);
    expect(started.errors).toBeUndefined();
    const events = (await user.subscribe<RunEvent>(RUN_EVENTS, { runId: started.data!.startRun.id })).map((e) => e.runEvents);
    expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
    const kept = events.find((e) => e.nodeId === 'keep' && e.status === 'succeeded')!;
    expect(kept.payload.outputs.data).toMatchObject({ kind: 'table', rows: 1 });
    // One download when startRun checked the columns (this server's cache was empty), then one conditional GET from the worker.
    expect(server.hits('/data.csv')).toEqual({ all: before.all + 2, conditional: before.conditional + 1 });
    const log = events.find((e) => e.type === 'node_log' && e.nodeId === 'fetch')!;
    expect(log.message).toContain(`${at('/data.csv')} (`);
    expect(log.message).toContain('has not changed since it was cached');
  });

  test('the run is refused up front when the URL points inside the network, or a column is not in the fetched file', async () => {
    const refused = await pipelineWith([['fetch', 'fetch-url', { url: `http://127.0.0.2:${new URL(server.origin).port}/data.csv` }]]);
    const denied = await startRun(refused);
    expect(denied.errors?.[0]?.message).toMatch(/points to 127\.0\.0\.2, a loopback address\. .*FETCH_ALLOW_HOSTS/);
    expect(denied.errors?.[0]?.extensions?.problems).toEqual([expect.objectContaining({ nodeId: 'fetch' })]);

    const wrongColumn = await pipelineWith([
      ['fetch', 'fetch-url', { url: at('/data.csv') }],
      ['keep', 'filter', { conditions: [{ column: 'points', op: 'gte', value: 4 }] }],
    ]);
    const invalid = await startRun(wrongColumn);
    expect(invalid.errors?.[0]?.extensions?.problems).toEqual([expect.objectContaining({ nodeId: 'keep', message: expect.stringContaining('points') })]);
  });
});
