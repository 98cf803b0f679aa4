import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectPorts, selectNode, setupE2E } from '../setup/e2e';

// Nothing here runs a pipeline: the web server alone (no worker process to boot) is enough.
const e2e = setupE2E({ workers: 0 });

test('a TSV with dates and "?" markers: missing tokens and a type override reshape the schema, and Date parts offers its date column', () =>
  e2e.usePage('read-options', { width: 1400, height: 1000 }, readOptionsFlow));

async function readOptionsFlow(page: Page) {
  await e2e.openPipeline(page, { email: 'reader@example.com', name: 'Dates' });

  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  const settings = await selectNode(page, 'Dataset');
  const tsv = 'day\tscore\tcode\n2024-01-31\t?\t7\n2024-02-01\t4.5\t8\n2024-02-02\t3\t9\n';
  await settings.getByLabel('Dataset file').setInputFiles({ name: 'scores.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(tsv) });
  await settings.getByText('3 rows · 3 columns').waitFor();

  // Rescale lists numeric columns only: 'score' joins them once '?' reads as missing.
  await page.getByRole('button', { name: 'Add Rescale', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['standard-scale-1', 'data']);
  const numericColumns = async () => {
    await page.getByRole('group', { name: 'Rescale node', exact: true }).click();
    const group = settings.getByRole('group', { name: 'Columns' });
    await group.waitFor();
    return (await group.locator('label').allTextContents()).map((t) => t.replace(/123$/, ''));
  };
  // The list fills once the new wire's schema has propagated: poll, as below.
  await expect.poll(numericColumns).toEqual(['code']);

  await page.getByRole('group', { name: 'Dataset node', exact: true }).click();
  await settings.getByLabel('Also read as missing').fill('? -');
  await settings.getByRole('button', { name: '+ Add column type' }).click();
  const column = settings.getByLabel('Column', { exact: true });
  // The dataset's own columns are offered, though the node has no input.
  await expect.poll(() => column.locator('option').allTextContents()).toEqual(['Choose a column…', 'day', 'score', 'code']);
  await column.selectOption('code');
  await settings.getByLabel('Read as', { exact: true }).selectOption('category');
  await expect.poll(numericColumns).toEqual(['score']);

  await page.getByRole('button', { name: 'Add Date parts', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['date-parts-1', 'data']);
  await page.getByRole('group', { name: 'Date parts node', exact: true }).click();
  const dateColumn = settings.getByLabel('Date column', { exact: true });
  await expect.poll(() => dateColumn.locator('option').allTextContents()).toEqual(['Choose a column…', 'day']);
  await dateColumn.selectOption('day');
  const parts = settings.getByRole('group', { name: 'Parts' });
  await expect.poll(() => parts.getByRole('checkbox', { name: 'Year', exact: true }).isChecked()).toBe(true);
  await parts.getByRole('checkbox', { name: 'Hour', exact: true }).check();
  await expect.poll(() => settings.getByRole('checkbox', { name: 'Drop the date column' }).isChecked()).toBe(true);
  await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual([]);
}
