import os from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { spawnServer } from '../setup/spawn-server';

let server: Awaited<ReturnType<typeof spawnServer>>;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([spawnServer(), chromium.connect(inject('browserWsEndpoint'))]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('uploading a malformed CSV shows what is wrong and keeps the node as it was; a good one feeds column pickers', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  try {
    await uploadFlow(page);
  } catch (error) {
    await page.screenshot({ path: `${os.tmpdir()}/pipewright-e2e-upload-failure.png` }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
});

async function uploadFlow(page: Page) {
  await page.goto(`${server.origin}/signup`);
  await page.getByLabel('Email').fill('uploader@example.com');
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('New pipeline name').fill('My data');
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);

  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  await page.getByRole('group', { name: 'Dataset node', exact: true }).click();
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  const datasetSelect = settings.getByLabel('Dataset', { exact: true });
  const before = await datasetSelect.inputValue();

  await settings.getByLabel('Dataset file').setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3,4,5\n') });
  const alert = settings.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/ragged\.csv.*line 3/i);
  expect(await datasetSelect.inputValue()).toBe(before);

  const csv = 'height,kind\n1.5,tall\n0.5,short\n1.7,tall\n0.4,short\n';
  await settings.getByLabel('Dataset file').setInputFiles({ name: 'plants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect.poll(() => datasetSelect.inputValue()).toMatch(/^upload:/);
  await settings.getByText('4 rows · 2 columns').waitFor();
  expect(await settings.getByRole('alert').count()).toBe(0);

  // The uploaded schema flows downstream: the split's stratify picker offers its columns.
  await page.getByRole('button', { name: 'Add Train/test split', exact: true }).click();
  const source = await page.locator('.react-flow__handle.source[data-nodeid="dataset-1"][data-handleid="data"]').boundingBox();
  const target = await page.locator('.react-flow__handle.target[data-nodeid="split-1"][data-handleid="data"]').boundingBox();
  await page.mouse.move(source!.x + source!.width / 2, source!.y + source!.height / 2);
  await page.mouse.down();
  await page.mouse.move(target!.x + target!.width / 2, target!.y + target!.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.getByRole('group', { name: 'Train/test split node', exact: true }).click();
  const stratify = settings.getByLabel('Stratify by');
  await expect.poll(() => stratify.locator('option').allTextContents()).toEqual(expect.arrayContaining(['height', 'kind']));
}
