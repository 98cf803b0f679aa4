import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { setupE2E } from '../setup/e2e';

const e2e = setupE2E();

test('a run started through the API appears in the list live and its status changes there; Rerun starts another', () =>
  e2e.usePage('runs-list-live', { width: 1400, height: 900 }, liveListAndRerun));

test('filters by status, pipeline and trigger live in the URL; the editor links to its runs and a run to its version', () =>
  e2e.usePage('runs-list-filters', { width: 1400, height: 900 }, filtersAndLinks));

const status = (page: Page, name: string) => page.getByRole('status', { name, exact: true });
const row = (page: Page, name: string) => page.getByRole('row', { name, exact: true });

async function startRunThroughApi(page: Page, pipelineId: string) {
  const answer = await page.request.post(`${e2e.origin()}/graphql`, {
    headers: { origin: e2e.origin() },
    data: { query: 'mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', variables: { id: pipelineId } },
  });
  const { data, errors } = (await answer.json()) as { data?: { startRun: { id: string } }; errors?: unknown };
  if (errors) throw new Error(`startRun failed: ${JSON.stringify(errors)}`);
  return data!.startRun.id;
}

async function liveListAndRerun(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const pipelineId = await e2e.openPipeline(page, { email: 'live-runs@example.com', name: 'Penguins nightly', graph: penguinsGraph });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs', exact: true }).click();
  await page.getByRole('heading', { name: 'Runs', exact: true }).waitFor();
  await page.getByText('No runs yet').waitFor();
  await status(page, 'Live updates: Live').waitFor();
  // Set on this very document: still there at the end means nothing reloaded the page.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));

  const runId = await startRunThroughApi(page, pipelineId);
  const first = row(page, 'Run #1 of Penguins nightly');
  await first.waitFor({ timeout: 10_000 });
  await expect.poll(() => first.getByRole('link', { name: 'Run #1 of Penguins nightly' }).getAttribute('href')).toBe(`/runs/${runId}`);
  await expect.poll(() => first.textContent()).toContain('live-runs');
  await status(page, 'Run #1 status: succeeded').waitFor({ timeout: 120_000 });
  await expect.poll(() => first.textContent()).toMatch(/Succeeded|Done/);
  // The duration cell, just before the version cell.
  await expect.poll(() => first.textContent()).toMatch(/\d+ (ms|s|min)v1/);

  await first.getByRole('button', { name: 'Rerun run #1 of Penguins nightly', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Started run #2 of Penguins nightly.' }).waitFor();
  const second = row(page, 'Run #2 of Penguins nightly');
  await second.waitFor();
  await expect.poll(() => second.textContent()).toContain('rerun');
  await status(page, 'Run #2 status: succeeded').waitFor({ timeout: 120_000 });
  await expect.poll(() => page.getByText('Runs 1–2 of 2').isVisible()).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  // Started says how long ago, with the full date and time in the viewer's zone (no longer UTC once hydrated) as its title.
  const started = first.locator('time').first();
  await expect.poll(() => started.textContent()).toMatch(/^(just now|\d+ min ago)$/);
  await expect.poll(() => started.getAttribute('title')).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M$/);

  // At 800 px the trigger and version fold under the pipeline's name, so a row's actions fit without scrolling sideways.
  await page.setViewportSize({ width: 800, height: 900 });
  const table = page.getByRole('table', { name: 'Runs' });
  await expect.poll(() => table.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBe(0);
  await expect.poll(() => first.getByText('Manual · v1', { exact: true }).isVisible()).toBe(true);
  const rerun = await first.getByRole('button', { name: 'Rerun run #1 of Penguins nightly', exact: true }).boundingBox();
  expect(rerun!.x + rerun!.width).toBeLessThanOrEqual(800);
  expect(pageErrors).toEqual([]);
}

async function filtersAndLinks(page: Page) {
  const pipelineId = await e2e.openPipeline(page, { email: 'filters@example.com', name: 'Filtered', graph: penguinsGraph });
  await startRunThroughApi(page, pipelineId);

  // The editor's link opens this pipeline's runs.
  await page.getByRole('link', { name: 'Run history' }).click();
  await page.getByRole('heading', { name: 'Runs of Filtered' }).waitFor();
  expect(new URL(page.url()).searchParams.get('pipeline')).toBe(pipelineId);
  await status(page, 'Run #1 status: succeeded').waitFor({ timeout: 120_000 });

  await page.getByLabel('Status', { exact: true }).selectOption('failed');
  await page.getByText('No runs match these filters').waitFor();
  expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
  await expect.poll(() => row(page, 'Run #1 of Filtered').count()).toBe(0);

  await page.getByLabel('Status', { exact: true }).selectOption('succeeded');
  await row(page, 'Run #1 of Filtered').waitFor();
  await page.getByLabel('Trigger', { exact: true }).selectOption('schedule');
  await page.getByText('No runs match these filters').waitFor();
  await page.getByLabel('Trigger', { exact: true }).selectOption('manual');
  await row(page, 'Run #1 of Filtered').waitFor();
  expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ pipeline: pipelineId, status: 'succeeded', trigger: 'manual' });

  // Reloading keeps the filters; clearing them shows every run of the team.
  await page.reload();
  await expect.poll(() => page.getByLabel('Status', { exact: true }).inputValue()).toBe('succeeded');
  await row(page, 'Run #1 of Filtered').waitFor();
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await page.getByRole('heading', { name: 'Runs', exact: true }).waitFor();
  await expect.poll(() => page.getByLabel('Status', { exact: true }).inputValue()).toBe('');

  // Open version: the editor opens its History on the pinned version, the draft untouched.
  await row(page, 'Run #1 of Filtered').getByRole('link', { name: 'Open version 1 of Filtered in the editor' }).click();
  const history = page.getByRole('complementary', { name: 'History' });
  await history.waitFor();
  await expect.poll(() => history.getByRole('button', { name: 'Version 1: Run' }).getAttribute('aria-pressed')).toBe('true');
  await expect.poll(() => history.getByLabel('Show on the canvas').inputValue()).toBe('current');
  await history.getByRole('button', { name: 'Restore version 1' }).waitFor();
}
