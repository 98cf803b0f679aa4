import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { penguinsGraph, slowPenguinsGraph } from '../fixtures/penguins-graph';
import { selectNode, setupE2E } from '../setup/e2e';

const e2e = setupE2E();

test('reloading mid-run picks the run up from its events and follows it to the end; edits meanwhile do not touch it', () =>
  e2e.usePage('run-results-reload', { width: 1600, height: 1000 }, reloadMidRun));

test('reopening a pipeline shows its last run’s results, and marks the steps changed since as stale', () =>
  e2e.usePage('run-results-reopen', { width: 1600, height: 1000 }, reopenShowsResults));

const status = (page: Page, name: string) => page.getByRole('status', { name, exact: true });
const banner = (page: Page) => page.getByRole('region', { name: 'Shown run' });

async function reloadMidRun(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await e2e.openPipeline(page, { email: 'reload-mid-run-with-a-long-address@example.com', name: 'Reload mid-run', graph: slowPenguinsGraph(1200) });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await status(page, 'Train status: running').waitFor({ timeout: 90_000 });

  // Deleting a step while the run goes on: the run keeps its pinned version, and the editor says so.
  await page.getByRole('group', { name: 'Evaluate node', exact: true }).click();
  await page.keyboard.press('Delete');
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(6);
  await banner(page).getByText('It runs the version saved when it started; your edits apply to the next run.').waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved', { exact: true }).waitFor();

  await page.reload();
  await expect.poll(() => banner(page).textContent()).toMatch(/Showing run #1, started .+\./);
  await banner(page).getByText('It runs the version saved when it started; your edits apply to the next run.').waitFor();
  await expect.poll(() => page.getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(true);
  // Followed to the end over the subscription, the deleted Evaluate included (7 of 7: the pinned graph).
  await status(page, 'Run status: succeeded').waitFor({ timeout: 180_000 });
  await status(page, 'Train status: succeeded').waitFor();
  await expect.poll(() => page.getByRole('toolbar', { name: 'Pipeline' }).textContent()).toContain('7/7 nodes');
  // With a run's status, a long team name and e-mail, the top bars still fit a laptop's width and a narrow one.
  for (const width of [800, 1024, 1400]) {
    await page.setViewportSize({ width, height: 900 });
    await expectBarsFit(page, width);
  }
  await page.setViewportSize({ width: 1600, height: 1000 });
  await expect.poll(() => page.getByRole('button', { name: 'Run', exact: true }).isEnabled()).toBe(true);
  await expect.poll(() => banner(page).textContent()).toMatch(/Results of run #1, started .+\. ?1 step changed since/);

  // The learning curve holds the epochs from before the reload (replayed) and after it (live).
  const settings = await selectNode(page, 'Train');
  const curve = await settings.getByRole('img', { name: /^Learning curve: training loss from/ }).getAttribute('aria-label');
  expect(curve).toMatch(/over 1200 steps/);
  expect(pageErrors).toEqual([]);
}

async function reopenShowsResults(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const pipelineId = await e2e.openPipeline(page, { email: 'reopen@example.com', name: 'Reopen results', graph: structuredClone(penguinsGraph) });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await status(page, 'Evaluate status: succeeded').waitFor({ timeout: 90_000 });

  // Away and back: the results are there without running again.
  await page.goto(`${e2e.origin()}/pipelines`);
  await page.getByRole('link', { name: /^Reopen results/ }).waitFor();
  await page.goto(`${e2e.origin()}/pipelines/${pipelineId}`);
  await expect.poll(() => banner(page).textContent()).toMatch(/Results of run #1, started .+\.$/);
  for (const label of ['Dataset', 'Train/test split', 'Impute', 'One-hot', 'Rescale', 'Train', 'Evaluate']) {
    await status(page, `${label} status: succeeded`).waitFor();
  }
  const accuracyText = await page.getByRole('group', { name: 'Evaluate node', exact: true }).getByText(/Accuracy/).textContent();
  expect(Number(/Accuracy\s*([\d.]+)/.exec(accuracyText ?? '')?.[1])).toBeGreaterThanOrEqual(0.9);
  const settings = await selectNode(page, 'Train');
  await expect.poll(() => settings.getByRole('region', { name: 'Model card' }).textContent()).toContain('Run #1 of Reopen results');
  await selectNode(page, 'Evaluate');
  await settings.getByRole('region', { name: 'Evaluation charts' }).getByRole('table', { name: /^Confusion matrix/ }).waitFor();
  await expect.poll(() => page.getByText(/^Stale/).count()).toBe(0);

  // Re-configuring One-hot makes its result and everything after it stale; what came before stays current.
  await selectNode(page, 'One-hot');
  await settings.getByRole('group', { name: 'Columns' }).getByLabel('Sex').uncheck();
  const node = (label: string) => page.getByRole('group', { name: `${label} node`, exact: true });
  await node('One-hot').getByText('Stale: changed since this run').waitFor();
  for (const label of ['Rescale', 'Train', 'Evaluate']) await node(label).getByText('Stale: an earlier step changed').waitFor();
  for (const label of ['Dataset', 'Train/test split', 'Impute']) expect(await node(label).getByText(/^Stale/).count()).toBe(0);
  await banner(page).getByText('1 step changed since, and 3 steps after it use its output; they are marked stale until the next run.').waitFor();
  // Putting it back as it was clears the marks.
  await settings.getByRole('group', { name: 'Columns' }).getByLabel('Sex').check();
  await expect.poll(() => page.getByText(/^Stale/).count()).toBe(0);
  expect(pageErrors).toEqual([]);
}

/** Every link and button of the header and the pipeline toolbar lies inside the window on one line. */
async function expectBarsFit(page: Page, width: number) {
  const bars = [page.getByRole('banner'), page.getByRole('toolbar', { name: 'Pipeline' })];
  const misfits: string[] = [];
  for (const bar of bars) {
    const controls = bar.locator('a:visible, button:visible, [role=status]:visible');
    const placed: { name: string; box: { x: number; width: number } }[] = [];
    for (let i = 0; i < (await controls.count()); i++) {
      const control = controls.nth(i);
      const box = await control.boundingBox();
      const name = (await control.getAttribute('aria-label')) ?? (await control.innerText());
      const lineHeight = await control.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
      if (!box || box.x < 0 || box.x + box.width > width) misfits.push(`${name} (cut off at ${width}px)`);
      else if (box.height > 2 * lineHeight) misfits.push(`${name} (wrapped at ${width}px)`);
      const over = box && placed.find((p) => box.x < p.box.x + p.box.width && p.box.x < box.x + box.width);
      if (over) misfits.push(`${name} (over ${over.name} at ${width}px)`);
      if (box) placed.push({ name, box });
    }
  }
  // The text beside them ("No problems", "1/5 nodes") must not wrap either.
  for (const text of await page.getByRole('toolbar', { name: 'Pipeline' }).locator('span:visible').all()) {
    const wrapped = await text.evaluate((el) => el.getBoundingClientRect().height > 1.5 * (parseFloat(getComputedStyle(el).lineHeight) || 16));
    if (wrapped) misfits.push(`${await text.innerText()} (wrapped at ${width}px)`);
  }
  expect(misfits).toEqual([]);
}
