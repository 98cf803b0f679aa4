import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { setupE2E } from '../setup/e2e';

const e2e = setupE2E();

test('a second run reuses every step (cached badges linking to the first run); Force rerun and deleting stored outputs compute again', () =>
  e2e.usePage('cached-runs', { width: 1600, height: 1000 }, cachedRuns));

const status = (page: Page, name: string) => page.getByRole('status', { name, exact: true });
const cachedLinks = (page: Page) => page.getByRole('link', { name: /: cached, open the run that computed it$/ });
const nodeCount = penguinsGraph.nodes.length;

async function runAndWait(page: Page, start: () => Promise<void>) {
  await start();
  await status(page, 'Run status: succeeded').waitFor({ timeout: 90_000 });
  await expect.poll(() => page.getByRole('toolbar', { name: 'Pipeline' }).textContent()).toContain(`${nodeCount}/${nodeCount} nodes`);
}

async function cachedRuns(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const pipelineId = await e2e.openPipeline(page, { email: 'cached@example.com', name: 'Cached runs', graph: structuredClone(penguinsGraph) });
  const run = () => page.getByRole('button', { name: 'Run', exact: true }).click();

  await runAndWait(page, run);
  await expect.poll(() => cachedLinks(page).count()).toBe(0);

  await runAndWait(page, run);
  await expect.poll(() => cachedLinks(page).count()).toBe(nodeCount);
  const hrefs = new Set(await cachedLinks(page).evaluateAll((links) => links.map((a) => a.getAttribute('href'))));
  expect(hrefs.size).toBe(1);
  expect([...hrefs][0]).toMatch(/^\/runs\/[0-9a-f-]{36}$/);
  await page.getByRole('link', { name: 'Evaluate: cached, open the run that computed it' }).waitFor();

  // Force rerun, from the Run split button's menu, by keyboard.
  await runAndWait(page, async () => {
    await page.getByRole('button', { name: 'Start options' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('menu', { name: 'Start options' }).waitFor();
    await page.keyboard.press('Enter');
  });
  await expect.poll(() => cachedLinks(page).count()).toBe(0);

  // Stored outputs: the settings page says what is stored and deletes it after a confirmation saying how much.
  await page.goto(`${e2e.origin()}/settings/outputs`);
  await expect.poll(() => page.getByRole('main').textContent()).toMatch(new RegExp(`stores ${nodeCount} outputs, [\\d.]+ (KB|MB)`));
  await page.getByLabel('Delete outputs unused for (days)').fill('0');
  await page.getByRole('button', { name: 'Save retention' }).click();
  // The browser refuses 0 before it is sent (min=1); a typed 14 is saved.
  await page.getByLabel('Delete outputs unused for (days)').fill('14');
  await page.getByRole('button', { name: 'Save retention' }).click();
  await page.getByRole('status').getByText('Outputs unused for 14 days will be deleted.').waitFor();
  await page.getByRole('button', { name: 'Delete stored outputs…' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm deletion' });
  await expect.poll(() => confirm.textContent()).toMatch(new RegExp(`Delete ${nodeCount} outputs, [\\d.]+ (KB|MB)\\? This frees`));
  await confirm.getByRole('button', { name: /^Delete [\d.]+ (KB|MB)$/ }).click();
  await page.getByRole('status').getByText(new RegExp(`Deleted ${nodeCount} stored outputs \\([\\d.]+ (KB|MB) freed\\)\\.`)).waitFor();
  await page.getByText('Nothing is stored yet: outputs appear here after a run.').waitFor();

  // Nothing stored: the next run computes every step.
  await page.goto(`${e2e.origin()}/pipelines/${pipelineId}`);
  await runAndWait(page, run);
  await expect.poll(() => cachedLinks(page).count()).toBe(0);
  expect(pageErrors).toEqual([]);
}
