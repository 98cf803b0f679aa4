import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { setupE2E } from '../setup/e2e';

const e2e = setupE2E();

test('register a model from the run page and the editor, promote it, predict with “Try it”, a gate refuses, compare versions, roll back in one click', () => e2e.usePage('model-registry', { width: 1600, height: 1000 }, registerAndPromote));

async function gql(page: Page, query: string, variables: Record<string, unknown>) {
  const answer = await page.request.post(`${e2e.origin()}/graphql`, { headers: { origin: e2e.origin() }, data: { query, variables } });
  const { data, errors } = (await answer.json()) as { data?: unknown; errors?: unknown[] };
  if (errors?.length || !data) throw new Error(`GraphQL failed: ${JSON.stringify(errors)}`);
  return data;
}

async function registerAndPromote(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // A model of three measurements: the other columns reach Train, but no feature is computed from them.
  const graph = structuredClone(penguinsGraph);
  graph.nodes.find((n) => n.id === 'train-1')!.params = { target: 'Species', features: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)'] };
  const pipelineId = await e2e.openPipeline(page, { email: 'registry-e2e@example.com', name: 'Penguins', graph });
  const runId = ((await gql(page, 'mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', { id: pipelineId })) as { startRun: { id: string } }).startRun.id;
  await page.goto(`${e2e.origin()}/runs/${runId}`);
  await page.getByRole('status', { name: 'Run status: succeeded', exact: true }).waitFor({ timeout: 90_000 });

  // Register from the Train step's results.
  await page.getByRole('group', { name: 'Train node', exact: true }).click();
  const details = page.getByRole('complementary', { name: 'Step details' });
  await details.getByRole('button', { name: 'Register model' }).click();
  await details.getByLabel('Model name').fill('penguin-species');
  await details.getByRole('button', { name: 'Register', exact: true }).click();
  await details.getByRole('link', { name: 'penguin-species version 1' }).click();

  // The version page: metrics from the Evaluate node, then promotion to production.
  await page.getByRole('heading', { name: /penguin-species version 1/ }).waitFor();
  await expect.poll(() => page.getByRole('navigation', { name: 'Breadcrumb' }).innerText()).toMatch(/^Models\s*\/\s*penguin-species$/);
  // The model is named as the Train node names it ("Logistic regression"), not by its id.
  await expect.poll(() => page.getByText(/ · classification of Species/).first().textContent()).toMatch(/^[A-Z][a-z -]+ · classification of Species/);
  // Its settings by the names the Train node's form gives them.
  await page.getByRole('region', { name: 'Hyperparameters' }).getByText('Max iterations', { exact: true }).waitFor();
  await page.getByRole('region', { name: 'Metrics' }).getByText('Accuracy', { exact: true }).waitFor();
  // Test metrics first; Train's own numbers after them, named for the rows they come from.
  const metricNames = await page.getByRole('region', { name: 'Metrics' }).locator('dt').allTextContents();
  expect(metricNames[0]).not.toMatch(/^Training|^Validation/);
  expect(metricNames.at(-1)).toBe('Training loss'); // logistic regression's curve is its loss alone
  const reason = page.getByLabel('Reason (optional)');
  await reason.fill('first release');
  await page.getByRole('button', { name: 'Promote to production' }).click();
  await page.getByRole('status').filter({ hasText: 'Version 1 is now in production.' }).waitFor();
  await page.getByRole('heading', { name: /penguin-species version 1/ }).getByText('production').waitFor();
  // The reason went with that move; the next move starts without it.
  await expect.poll(() => reason.inputValue()).toBe('');

  // Try it: a field per column the model reads, the others named; a prediction comes back with class probabilities.
  const tryIt = page.getByRole('form', { name: 'Try it' });
  await tryIt.getByLabel('Flipper Length (mm)').fill('230');
  await tryIt.getByText('Not asked for: Island, Body Mass (g), Sex.', { exact: false }).waitFor();
  expect(await tryIt.getByLabel('Island').count()).toBe(0);
  await tryIt.getByRole('button', { name: 'Predict' }).click();
  const prediction = page.getByRole('region', { name: 'Prediction' });
  await prediction.getByText(/^Predicted class: (Adelie|Chinstrap|Gentoo)/).waitFor();
  await expect.poll(() => prediction.getByRole('row').count()).toBe(3);
  // The fields left empty are named with the answer: it rests on fewer real values.
  await prediction.getByText(/^Sent empty: Beak Length \(mm\), Beak Depth \(mm\)\. The model’s steps took them as missing/).waitFor();

  // The model list shows it in production; its page has the history.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  await page.getByRole('row', { name: /penguin-species 1 version 1 Accuracy/ }).waitFor();
  await page.getByRole('link', { name: 'penguin-species' }).click();
  await page.getByRole('region', { name: 'Promotion history' }).getByText(/Version 1 none → production by registry-e2e/).waitFor();
  await page.getByRole('region', { name: 'Promotion history' }).getByText('— first release').waitFor();
  // Version 1 is the only version that has served: Rollback has nothing to restore, and says so.
  const rollback = page.getByRole('button', { name: 'Rollback' });
  expect(await rollback.isDisabled()).toBe(true);
  expect(await rollback.getAttribute('aria-description')).toBe("'penguin-species' has no earlier production version to roll back to.");

  // A second run's model, registered from the editor's panel (the editor shows the latest run).
  const again = ((await gql(page, 'mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }', { id: pipelineId })) as { startRun: { id: string } }).startRun.id;
  await expect
    .poll(async () => ((await gql(page, 'query ($id: ID!) { run(id: $id) { status } }', { id: again })) as { run: { status: string } }).run.status, { timeout: 90_000 })
    .toBe('succeeded');
  await page.goto(`${e2e.origin()}/pipelines/${pipelineId}`);
  await page.getByRole('group', { name: 'Train node', exact: true }).click();
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  await settings.getByRole('button', { name: 'Register model' }).click({ timeout: 30_000 });
  await settings.getByLabel('Model name').fill('penguin-species');
  await settings.getByRole('button', { name: 'Register', exact: true }).click();
  await settings.getByRole('link', { name: 'penguin-species version 2' }).waitFor();

  // A gate on log loss (a maximum, lower is better) refuses version 2 and says by how much.
  await page.goto(`${e2e.origin()}/models/penguin-species`);
  const gates = page.getByRole('region', { name: 'Promotion gates' });
  await gates.getByLabel('Gate metric').selectOption('log_loss');
  await gates.getByLabel('Minimum (maximum for errors)').fill('0.0001');
  await gates.getByRole('button', { name: 'Save gates' }).click();
  await page.getByRole('status').filter({ hasText: 'Gates saved.' }).waitFor();
  await page.getByRole('link', { name: 'Version 2', exact: true }).click();
  await page.getByRole('heading', { name: /penguin-species version 2/ }).waitFor();
  await page.getByRole('button', { name: 'Promote to production' }).click();
  await page.getByRole('alert').filter({ hasText: /^Version 2 cannot go to production: Log loss \S+ is \S+ above the gate's maximum 0\.0001\.$/ }).waitFor();
  await page.getByRole('heading', { name: /penguin-species version 2/ }).getByText('no stage').waitFor();

  // The two versions side by side: the same pipeline, so the same hyperparameters and columns.
  await page.goto(`${e2e.origin()}/models/penguin-species/compare?a=1&b=2`);
  await page.getByRole('heading', { name: 'Compare versions of penguin-species' }).waitFor();
  const metrics = page.getByRole('region', { name: 'Metrics' });
  await metrics.getByRole('columnheader', { name: 'Version 2' }).waitFor();
  await metrics.getByRole('row', { name: /^Log loss / }).waitFor();
  await page.getByRole('region', { name: 'Hyperparameters' }).getByRole('row').first().getByText('same', { exact: true }).waitFor();
  await page.getByRole('region', { name: 'Input schema' }).getByText('Both versions take the same columns.').waitFor();

  // Without the gate version 2 goes to production; Rollback puts version 1 back in one click.
  await page.goto(`${e2e.origin()}/models/penguin-species`);
  await gates.getByLabel('Gate metric').selectOption('');
  await gates.getByLabel('Minimum (maximum for errors)').fill('');
  await gates.getByRole('button', { name: 'Save gates' }).click();
  await page.getByRole('status').filter({ hasText: 'Gates saved.' }).waitFor();
  await gql(page, 'mutation { setModelStage(model: "penguin-species", version: 2, stage: "production") { version } }', {});
  await page.reload();
  await page.getByRole('button', { name: 'Rollback' }).click();
  await page.getByRole('status').filter({ hasText: 'Rolled back: version 1 is in production again, version 2 archived.' }).waitFor();
  expect(pageErrors).toEqual([]);
}
