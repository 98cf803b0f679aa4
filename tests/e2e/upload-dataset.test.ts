import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectPorts, selectNode, setupE2E } from '../setup/e2e';

const e2e = setupE2E();

test('uploading a malformed CSV shows what is wrong and keeps the node as it was; a good one feeds column pickers', () =>
  e2e.usePage('upload', { width: 1400, height: 900 }, uploadFlow));

async function uploadFlow(page: Page) {
  await e2e.openPipeline(page, { email: 'uploader@example.com', name: 'My data' });

  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  const settings = await selectNode(page, 'Dataset');
  const datasetSelect = settings.getByLabel('Dataset', { exact: true });
  const before = await datasetSelect.inputValue();

  await settings.getByLabel('Dataset file').setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3,4,5\n') });
  const alert = settings.getByRole('alert');
  await alert.waitFor();
  await expect.poll(() => alert.textContent()).toMatch(/ragged\.csv.*line 3/i);
  await expect.poll(() => datasetSelect.inputValue()).toBe(before);

  const csv = 'height,kind\n1.5,tall\n0.5,short\n1.7,tall\n0.4,short\n';
  await settings.getByLabel('Dataset file').setInputFiles({ name: 'plants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  // The parse can take seconds on a busy machine: wait for its outcome, not a one-second poll.
  await settings.getByText('4 rows · 2 columns').waitFor();
  await expect.poll(() => datasetSelect.inputValue()).toMatch(/^upload:/);
  await expect.poll(() => settings.getByRole('alert').count()).toBe(0);

  // The uploaded schema flows downstream: the split's stratify picker offers its columns.
  await page.getByRole('button', { name: 'Add Train/test split', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['split-1', 'data']);
  await page.getByRole('group', { name: 'Train/test split node', exact: true }).click();
  const stratify = settings.getByLabel('Stratify by');
  await expect.poll(() => stratify.locator('option').allTextContents()).toEqual(expect.arrayContaining(['height', 'kind']));
}
