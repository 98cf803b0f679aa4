import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectPorts, selectNode, setupE2E } from '../setup/e2e';
import { startFileServer } from '../setup/file-server';

let files: Awaited<ReturnType<typeof startFileServer>>;
// Filled in before the product's server is spawned (hooks run in the order they are registered).
const env: Record<string, string> = {};
beforeAll(async () => {
  files = await startFileServer();
  env.FETCH_ALLOW_HOSTS = files.host;
});
afterAll(() => files?.close());
const e2e = setupE2E({ env });

test("a Fetch node's columns are read once its URL is typed: a downstream Filter offers them, and the preview shows its rows read with its options", () =>
  e2e.usePage('fetch-node', { width: 1400, height: 1000 }, fetchFlow));

async function fetchFlow(page: Page) {
  await e2e.openPipeline(page, { email: 'fetcher@example.com', name: 'Fetched' });

  await page.getByRole('button', { name: 'Add Fetch from URL', exact: true }).click();
  const settings = await selectNode(page, 'Fetch from URL');
  // An address inside the network is refused on the node, with what to do; the right one is then read.
  const url = settings.getByLabel('URL', { exact: true });
  await url.fill(`http://127.0.0.2:${new URL(files.origin).port}/zips.csv`);
  await settings.getByText(/points to 127\.0\.0\.2, a loopback address\. .*FETCH_ALLOW_HOSTS/).waitFor();
  await url.fill(`${files.origin}/zips.csv`);
  await settings.getByRole('status', { name: 'URL columns' }).filter({ hasText: '3 columns read.' }).waitFor();

  // Its read options pick from the URL's own columns; 02134 stays text, '?' reads as missing.
  await settings.getByLabel('Also read as missing').fill('?');
  await settings.getByRole('button', { name: '+ Add column type' }).click();
  const typed = settings.getByLabel('Column', { exact: true });
  await expect.poll(() => typed.locator('option').allTextContents()).toEqual(['Choose a column…', 'zip', 'city', 'rating']);
  await typed.selectOption('zip');
  await settings.getByLabel('Read as', { exact: true }).selectOption('category');

  const panel = page.getByRole('region', { name: 'Preview' });
  const grid = panel.getByRole('grid', { name: 'Preview of Fetch from URL' });
  await grid.getByRole('gridcell', { name: '02134' }).waitFor();
  await grid.getByRole('columnheader', { name: /^rating, number column, 1 missing/ }).waitFor();

  await page.getByRole('button', { name: 'Add Filter', exact: true }).click();
  await connectPorts(page, ['fetch-url-1', 'data'], ['filter-1', 'data']);
  await page.getByRole('group', { name: 'Filter node', exact: true }).click();
  await settings.getByRole('button', { name: '+ Add condition' }).click();
  const column = settings.getByLabel('Column', { exact: true });
  await expect.poll(() => column.locator('option').allTextContents()).toEqual(['Choose a column…', 'zip', 'city', 'rating']);
  await column.selectOption('city');
  await settings.getByLabel('Operator', { exact: true }).selectOption('eq');
  await settings.getByLabel('Value', { exact: true }).fill('Boston');
  await panel.getByRole('status').filter({ hasText: 'Filter kept 1 of 2 rows' }).waitFor();
  await panel.getByRole('grid', { name: 'Preview of Filter' }).getByRole('gridcell', { name: '02134' }).waitFor();
  await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual([]);
}
