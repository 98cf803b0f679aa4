import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { slowPenguinsGraph } from '../fixtures/penguins-graph';
import { setupE2E } from '../setup/e2e';

const e2e = setupE2E();

test('a run is cancelled from the canvas: training stops, later steps never start, and Run is back', () =>
  e2e.usePage('cancel-run', { width: 1600, height: 1000 }, cancelFromCanvas));

const status = (page: Page, name: string) => page.getByRole('status', { name, exact: true });

async function cancelFromCanvas(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await e2e.openPipeline(page, { email: 'stopper@example.com', name: 'Too long', graph: slowPenguinsGraph(10_000) });
  const toolbar = page.getByRole('toolbar', { name: 'Pipeline' });
  const run = toolbar.getByRole('button', { name: 'Run', exact: true });
  const cancel = toolbar.getByRole('button', { name: 'Cancel run', exact: true });
  await expect.poll(() => cancel.count()).toBe(0);

  await run.click();
  await status(page, 'Train status: running').waitFor({ timeout: 90_000 });
  await expect.poll(() => run.isDisabled()).toBe(true);
  await cancel.click();

  await status(page, 'Run status: cancelled').waitFor({ timeout: 15_000 });
  await status(page, 'Train status: cancelled').waitFor();
  // Evaluate waited on Train: it never started.
  await status(page, 'Evaluate status: cancelled').waitFor();
  await status(page, 'Dataset status: succeeded').waitFor();
  await expect.poll(() => cancel.count()).toBe(0);
  await expect.poll(() => run.isEnabled()).toBe(true);
  // Every node is accounted for, and the toolbar shows the run's end.
  await expect.poll(() => toolbar.textContent()).toContain('7/7 nodes');
  expect(pageErrors).toEqual([]);
}
