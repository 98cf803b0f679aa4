import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { datasets, datasetVersions } from '../../db/schema';
import { postForm, startHarness, type UserClient } from '../setup/app-harness';
import { listFiles, postDataset } from '../setup/multipart-upload';

/** The Datasets pages through real HTTP against the app: list, used-by, delete protection, stored and lazy profiles, team scoping. */
let harness: Awaited<ReturnType<typeof startHarness>>;
let alice: UserClient;
let bob: UserClient;

beforeAll(async () => {
  harness = await startHarness();
  [alice, bob] = await Promise.all([harness.signUp('alice-datasets@example.com'), harness.signUp('bob-datasets@example.com')]);
});
afterAll(() => harness?.stop());

const csv = (text: string) => new TextEncoder().encode(text);
const PLANTS = 'height,kind\n1.5,tall\n,short\n1.7,tall\n0.4,\n';

async function upload(client: UserClient, fileName: string, text: string) {
  const res = await postDataset(harness.origin, client.cookie, { fileName, bytes: csv(text) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { datasetId: string; ref: { source: 'upload'; datasetVersionId: string }; label: string };
}

const page = async (client: UserClient, route: string) => {
  const res = await fetch(`${harness.origin}${route}`, { headers: { cookie: client.cookie } });
  return { status: res.status, html: await res.text() };
};

const deleteDataset = async (client: UserClient, id: string) => {
  const res = await postForm(harness.origin, '/datasets?index', { intent: 'delete', id }, { cookie: client.cookie });
  return { status: res.status, html: await res.text() };
};

async function pipelineReading(client: UserClient, name: string, versionId: string) {
  const created = await client.gql<{ createPipeline: { id: string } }>('mutation ($name: String!) { createPipeline(name: $name) { id } }', { name });
  const id = created.data!.createPipeline.id;
  const graph = { nodes: [{ id: 'dataset-1', type: 'dataset', version: 1, params: { dataset: { source: 'upload', datasetVersionId: versionId } }, position: { x: 0, y: 0 } }], edges: [] };
  const saved = await client.gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id, graph });
  expect(saved.errors).toBeUndefined();
  return {
    id,
    clear: () => client.gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id, graph: { nodes: [], edges: [] } }),
  };
}

const storedProfile = async (versionId: string) =>
  (await harness.services.db.select({ profile: datasetVersions.profile }).from(datasetVersions).where(eq(datasetVersions.id, versionId)))[0]?.profile;

test('an upload stores its profile; the list shows versions, figures and the pipelines reading it; delete is refused while one does', async () => {
  const first = await upload(alice, 'plants.csv', PLANTS);
  const second = await upload(alice, 'Plants.csv', PLANTS + '0.9,short\n');
  expect(second.datasetId).toBe(first.datasetId);
  expect(second.label).toBe('Plants v2');

  const profile = await storedProfile(first.ref.datasetVersionId);
  expect(profile!.columns.map((c) => [c.name, c.missing, c.distinct])).toEqual([
    ['height', 1, 3],
    ['kind', 1, 2],
  ]);
  expect(profile!.sample.rows[1]).toEqual([null, 'short']);

  const pipeline = await pipelineReading(alice, 'Greenhouse model', first.ref.datasetVersionId);
  const list = await page(alice, '/datasets');
  expect(list.status).toBe(200);
  const row = list.html.slice(list.html.indexOf(`/datasets/${first.datasetId}`));
  expect(row).toMatch(/Plants<\/a>/);
  expect(row).toContain(`/pipelines/${pipeline.id}`);
  expect(row).toContain('Greenhouse model');

  const refused = await deleteDataset(alice, first.datasetId);
  expect(refused.status).toBe(409);
  expect(refused.html).toContain('is used by the pipeline &quot;Greenhouse model&quot;');
  expect(await harness.services.db.select().from(datasetVersions).where(eq(datasetVersions.datasetId, first.datasetId))).toHaveLength(2);

  await pipeline.clear();
  const deleted = await deleteDataset(alice, first.datasetId);
  expect(deleted.status).toBe(200);
  expect(deleted.html).toContain('and all its versions');
  expect(await harness.services.db.select().from(datasets).where(eq(datasets.id, first.datasetId))).toEqual([]);
  expect((await listFiles(path.join(harness.dataDir, 'blobs'))).filter((f) => f.startsWith('datasets/'))).toEqual([]);
});

test('a blob shared by two datasets stays until the last one using it is deleted', async () => {
  const a = await upload(alice, 'copy-a.csv', 'x\n1\n2\n');
  const b = await upload(alice, 'copy-b.csv', 'x\n1\n2\n');
  const blobs = async () => (await listFiles(path.join(harness.dataDir, 'blobs'))).filter((f) => f.startsWith('datasets/'));
  expect(await blobs()).toHaveLength(1);
  expect((await deleteDataset(alice, a.datasetId)).status).toBe(200);
  expect(await blobs()).toHaveLength(1);
  expect((await deleteDataset(alice, b.datasetId)).status).toBe(200);
  expect(await blobs()).toEqual([]);
});

test('a version stored without a profile gets one on first view, computed and saved', async () => {
  const up = await upload(alice, 'legacy.csv', 'score,team\n3,red\n5,blue\n,red\n');
  await harness.services.db.update(datasetVersions).set({ profile: null }).where(eq(datasetVersions.id, up.ref.datasetVersionId));

  const view = await page(alice, `/datasets/${up.datasetId}`);
  expect(view.status).toBe(200);
  expect(view.html).toContain('aria-label="Histogram of score"');
  expect(view.html).toContain('aria-label="Top values of team"');
  expect(view.html).toContain('33.3%'); // score's missing share
  const profile = await storedProfile(up.ref.datasetVersionId);
  expect(profile!.columns[0]).toMatchObject({ name: 'score', missing: 1, min: 3, max: 5, mean: 4 });

  expect((await page(alice, `/datasets/${up.datasetId}?version=1`)).status).toBe(200);
  expect((await page(alice, `/datasets/${up.datasetId}?version=2`)).status).toBe(404);
});

test('a file of many columns is profiled a page of 100 columns at a time, so the page stays small and quick', async () => {
  const names = Array.from({ length: 250 }, (_, i) => `c${i}`);
  const up = await upload(alice, 'wide.csv', `${names.join(',')}\n${names.map((_, i) => i).join(',')}\n${names.map((_, i) => i * 2).join(',')}\n`);
  const shows = (html: string, name: string) => html.includes(`>${name}</th>`);

  const first = await page(alice, `/datasets/${up.datasetId}`);
  expect(first.status).toBe(200);
  expect(first.html).toContain('Columns 1–100 of 250');
  expect([shows(first.html, 'c0'), shows(first.html, 'c99'), shows(first.html, 'c100')]).toEqual([true, true, false]);
  expect(first.html).toContain(`href="/datasets/${up.datasetId}?version=1&amp;columns=101"`);
  expect(first.html).toContain('Next 100 columns');
  expect((await page(alice, `/datasets/${up.datasetId}?columns=101`)).html).toContain('Next 50 columns');

  const last = await page(alice, `/datasets/${up.datasetId}?columns=201`);
  expect(last.html).toContain('Columns 201–250 of 250');
  expect([shows(last.html, 'c199'), shows(last.html, 'c200'), shows(last.html, 'c249')]).toEqual([false, true, true]);
  expect(last.html).toContain('Previous 100 columns');
  expect(last.html).not.toContain('Next ');

  // Past the end, or not a number: the last page, and the first.
  expect((await page(alice, `/datasets/${up.datasetId}?columns=9999`)).html).toContain('Columns 201–250 of 250');
  expect((await page(alice, `/datasets/${up.datasetId}?columns=abc`)).html).toContain('Columns 1–100 of 250');
});

test("another team's dataset is not found: not listed, no page, no delete", async () => {
  const up = await upload(alice, 'private.csv', 'secret\n42\n');
  expect((await page(bob, `/datasets/${up.datasetId}`)).status).toBe(404);
  expect((await page(bob, '/datasets/not-a-uuid')).status).toBe(404);
  const bobList = await page(bob, '/datasets');
  expect(bobList.status).toBe(200);
  expect(bobList.html).not.toContain(up.datasetId);
  expect(bobList.html).toContain('No datasets yet');
  expect((await deleteDataset(bob, up.datasetId)).status).toBe(404);
  expect(await harness.services.db.select().from(datasets).where(eq(datasets.id, up.datasetId))).toHaveLength(1);
});
