import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { setupE2E, signUpInBrowser } from '../setup/e2e';

// Nothing here runs a pipeline: the web server alone (no worker process to boot) is enough.
const e2e = setupE2E({ workers: 0 });

test('upload a CSV on the Datasets page, open its profile, and see delete refused while a pipeline reads it', () =>
  e2e.usePage('datasets-page', { width: 1400, height: 900 }, datasetsFlow));

const CSV = 'height,kind\n1.5,tall\n,short\n1.7,tall\n0.4,short\n';

async function datasetsFlow(page: Page) {
  await signUpInBrowser(page, e2e.origin(), 'catalog@example.com');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await page.waitForURL(/\/datasets$/);
  await page.getByText('No datasets yet').waitFor();

  await page.getByLabel('Dataset file').setInputFiles({ name: 'plants.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  const status = page.getByRole('status');
  await status.getByText(/Uploaded plants v1: 4 rows, 2 columns/).waitFor();
  const row = page.getByRole('row', { name: /plants/ });
  await row.waitFor();
  await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['1', '4', '2']));

  // The profile: height has one missing value of four, and a histogram; kind has its top values.
  await row.getByRole('link', { name: 'plants' }).click();
  await page.waitForURL(/\/datasets\/[0-9a-f-]{36}$/);
  const height = page.getByRole('row', { name: /^height/ });
  await expect.poll(() => height.getByRole('cell').nth(1).textContent()).toMatch(/^25\.0%/);
  await height.getByRole('img', { name: 'Histogram of height' }).waitFor();
  await page.getByRole('list', { name: 'Top values of kind' }).getByText('tall').waitFor();
  await page.getByRole('grid', { name: /First 4 of 4 rows/ }).waitFor();

  // A pipeline reading it: picking the upload in a Dataset node saves the graph.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
  await page.getByLabel('New pipeline name').fill('Greenhouse');
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);
  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  await page.getByRole('group', { name: 'Dataset node', exact: true }).click();
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  await settings.getByLabel('Dataset', { exact: true }).selectOption({ label: 'plants v1' });
  // Autosave stores the choice ('Unsaved changes' shows only for its 1.5 s, too short to wait for under load).
  await page.getByRole('toolbar', { name: 'Pipeline' }).locator('time').waitFor();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await page.getByRole('row', { name: /plants/ }).getByRole('link', { name: 'Greenhouse' }).waitFor();
  // The row's actions sit side by side on its one line.
  const [move, remove] = [await page.getByRole('button', { name: 'Move or copy plants' }).boundingBox(), await page.getByRole('button', { name: 'Delete plants' }).boundingBox()];
  expect(move && remove && move.x + move.width <= remove.x && Math.abs(move.y + move.height / 2 - (remove.y + remove.height / 2)) < 4).toBe(true);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete plants' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  await expect.poll(() => alert.textContent()).toContain('"plants" is used by the pipeline "Greenhouse"');
  await alert.getByRole('link', { name: 'Greenhouse' }).waitFor();
  await page.getByRole('row', { name: /plants/ }).waitFor();
}
