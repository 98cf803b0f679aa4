import { afterAll, beforeAll, expect, test } from 'vitest';
import { registerRunModel } from '../fixtures/model-registry';
import { postForm, startHarness, type UserClient } from '../setup/app-harness';
import { postDataset } from '../setup/multipart-upload';

/**
 * A registered version's page and its model's page, as the server renders them: what a version registered from a
 * Compare node draws, the metrics' order, the lineage's counts, and a Rollback that has nothing to restore.
 */
let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;

beforeAll(async () => {
  harness = await startHarness({ worker: true });
  user = await harness.signUp('version-page@example.com');
});
afterAll(() => harness?.stop());

/** Two classes of flowers, 1,461 rows (a count the page groups as "1,461"). */
function flowersCsv(rows: number): string {
  const lines = ['petal,sepal,kind'];
  for (let i = 0; i < rows; i++) lines.push(`${(i % 2 ? 5 : 1) + (i % 7) / 3},${(i % 5) / 2},${i % 2 ? 'big' : 'small'}`);
  return `${lines.join('\n')}\n`;
}

/** Two models from one split: one scored by Evaluate (and cross-validated), one by a Compare node only. */
const graphOn = (ref: unknown) => ({
  nodes: [
    { id: 'data', type: 'dataset', version: 1, params: { dataset: ref }, position: { x: 0, y: 0 } },
    { id: 'split', type: 'split', version: 1, params: { testFraction: 0.25, seed: 1 }, position: { x: 200, y: 0 } },
    { id: 'scale', type: 'standard-scale', version: 1, params: {}, position: { x: 400, y: 0 } },
    { id: 'train-evaluated', type: 'train', version: 2, params: { target: 'kind', model: 'logistic_regression', crossValidation: 3 }, position: { x: 600, y: 0 } },
    { id: 'evaluate', type: 'evaluate', version: 2, params: {}, position: { x: 800, y: 0 } },
    { id: 'train-compared', type: 'train', version: 2, params: { target: 'kind', model: 'decision_tree', hyperparameters: { max_depth: 2 } }, position: { x: 600, y: 200 } },
    { id: 'compare', type: 'compare', version: 1, params: {}, position: { x: 800, y: 200 } },
  ],
  edges: [
    { id: 'a', source: 'data', sourcePort: 'data', target: 'split', targetPort: 'data' },
    { id: 'b', source: 'split', sourcePort: 'data', target: 'scale', targetPort: 'data' },
    { id: 'c', source: 'scale', sourcePort: 'data', target: 'train-evaluated', targetPort: 'data' },
    { id: 'd', source: 'train-evaluated', sourcePort: 'model', target: 'evaluate', targetPort: 'model' },
    { id: 'e', source: 'scale', sourcePort: 'data', target: 'evaluate', targetPort: 'data' },
    { id: 'f', source: 'scale', sourcePort: 'data', target: 'train-compared', targetPort: 'data' },
    { id: 'g', source: 'train-evaluated', sourcePort: 'model', target: 'compare', targetPort: 'models' },
    { id: 'h', source: 'train-compared', sourcePort: 'model', target: 'compare', targetPort: 'models' },
    { id: 'i', source: 'scale', sourcePort: 'data', target: 'compare', targetPort: 'data' },
  ],
});

/** A page's HTML, without the comments React puts between adjacent text parts. */
async function page(route: string) {
  const res = await fetch(`${harness.origin}${route}`, { headers: { cookie: user.cookie } });
  expect(res.status).toBe(200);
  return (await res.text()).replaceAll('<!-- -->', '');
}

/** The terms of the first description list after a heading (the Metrics section's). */
function termsAfter(html: string, heading: string): string[] {
  const from = html.indexOf(`>${heading}</h2>`);
  expect(from).toBeGreaterThan(-1);
  const list = html.slice(from, html.indexOf('</dl>', from));
  return [...list.matchAll(/<dt[^>]*>([^<]*)<\/dt>/g)].map((m) => m[1]!);
}

let runId: string;

test('a run trains both models', async () => {
  const uploaded = await postDataset(harness.origin, user.cookie, { fileName: 'flowers.csv', bytes: new TextEncoder().encode(flowersCsv(1461)) });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
  const created = await user.gql(`mutation { createPipeline(name: "Flowers") { id } }`);
  const pipelineId = created.data!.createPipeline.id as string;
  const saved = await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id: pipelineId, graph: graphOn((uploaded.body as { ref: unknown }).ref) });
  expect(saved.errors).toBeUndefined();
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  runId = started.data!.startRun.id as string;
  const events = await user.subscribe<{ runEvents: { type: string; status: string | null } }>(`subscription ($runId: ID!) { runEvents(runId: $runId) { type status } }`, { runId });
  expect(events.at(-1)!.runEvents).toMatchObject({ type: 'run_status', status: 'succeeded' });
});

test("a version registered from a Compare node draws its ROC curve as the positive class's, and says which charts it was registered without", async () => {
  await registerRunModel(harness.services, { runId, nodeId: 'train-compared', name: 'flowers-compared' });
  const html = await page('/models/flowers-compared/1');
  // Compare labels each model's curve with the model ("Decision tree"); the version's chart names the class it is for.
  expect(html).toContain('ROC curve (positive class: small)');
  expect(html).not.toMatch(/positive class: Decision tree/);
  expect(html).not.toContain('Run the pipeline');
  expect(html).toContain(
    'This version was registered without a precision-recall curve (Compare keeps ROC curves only); register it from its Train and Evaluate nodes to keep every chart.',
  );
  expect(html).toContain('This version was registered without a calibration curve (Compare keeps ROC curves only)');
  expect(html).toContain('This version was registered without feature importance (Compare keeps ROC curves only)');
});

test('a version lists its metrics in reading order and counts its rows as every page does', async () => {
  await registerRunModel(harness.services, { runId, nodeId: 'train-evaluated', name: 'flowers', stage: 'production' });
  const html = await page('/models/flowers/1');
  expect(html).toContain('flowers version 1</a> (1,461 rows)');
  expect(html).toContain('ROC curve (positive class: small)');
  const terms = termsAfter(html, 'Metrics');
  expect(terms.slice(0, 3)).toEqual(['Accuracy', 'Balanced accuracy', 'ROC AUC']);
  expect(terms.at(-1)).toBe('Training loss');
  const firstCrossValidated = terms.findIndex((t) => t.includes('(cross-validated'));
  expect(firstCrossValidated).toBeGreaterThan(terms.indexOf('Log loss'));
  const crossValidated = terms.slice(firstCrossValidated, -1);
  expect(crossValidated.length).toBeGreaterThanOrEqual(4);
  // Each mean directly followed by its std.
  crossValidated.forEach((term, i) => expect(term).toBe(i % 2 === 0 ? term.replace(/\(cross-validated \w+\)$/, '(cross-validated mean)') : crossValidated[i - 1]!.replace(/mean\)$/, 'std)')));
});

test('Rollback is disabled, saying why, while no earlier version served; the server still refuses it', async () => {
  const rollback = (html: string) => /<button[^>]*>Rollback<\/button>/.exec(html)?.[0] ?? '';
  const before = rollback(await page('/models/flowers'));
  expect(before).toContain('disabled=""');
  expect(before).toContain('aria-description="&#x27;flowers&#x27; has no earlier production version to roll back to."');
  const refused = await postForm(harness.origin, '/models/flowers?index', { intent: 'rollback' }, { cookie: user.cookie });
  expect(refused.status).toBe(409);

  // A second version in production: Rollback would put version 1 back.
  await registerRunModel(harness.services, { runId, nodeId: 'train-compared', name: 'flowers', stage: 'production' });
  const after = rollback(await page('/models/flowers'));
  expect(after).not.toContain('disabled=""');
  expect(after).toContain('Puts version 1 back in production');
});
