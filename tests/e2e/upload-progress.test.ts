import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { selectNode, setupE2E, signUpInBrowser } from '../setup/e2e';
import { writeLargeCsv } from '../setup/multipart-upload';

// Nothing here runs a pipeline: the web server alone (no worker process to boot) is enough.
const e2e = setupE2E({ workers: 0 });
/** Large enough that the server reads it in several chunks, so the bar has values to show. */
const FILE_MB = 40;
let tmp: string | undefined;
let file: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pipewright-e2e-progress-'));
  file = path.join(tmp, 'readings.csv');
  await writeLargeCsv(file, FILE_MB);
});
afterAll(() => (tmp ? rm(tmp, { recursive: true, force: true }) : undefined));

test('the Datasets page shows the parse progress of an upload, then its result', () => e2e.usePage('upload-progress', { width: 1200, height: 800 }, pageFlow));

test("the canvas's Dataset node shows the parse progress of an upload, then reads the new dataset", () =>
  e2e.usePage('canvas-upload-progress', { width: 1400, height: 900 }, canvasFlow));

async function pageFlow(page: Page) {
  await signUpInBrowser(page, e2e.origin(), 'progress@example.com');
  await page.goto(`${e2e.origin()}/datasets`);
  await page.getByText('No datasets yet').waitFor();

  await watchParseBar(page);
  await page.getByLabel('Dataset file').setInputFiles(file);
  await page.getByRole('status').getByText(/Uploaded readings v1: [\d,]+ rows, 4 columns/).waitFor({ timeout: 120_000 });
  await expectParseProgress(page);
}

async function canvasFlow(page: Page) {
  await e2e.openPipeline(page, { email: 'canvas-progress@example.com', name: 'Readings' });
  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  const settings = await selectNode(page, 'Dataset');

  await watchParseBar(page);
  await settings.getByLabel('Dataset file').setInputFiles(file);
  await settings.getByText(/^[\d,]+ rows · 4 columns$/).waitFor({ timeout: 120_000 });
  await expectParseProgress(page);
  await expect.poll(() => settings.getByLabel('Dataset', { exact: true }).inputValue()).toMatch(/^upload:/);
  await expect.poll(() => page.getByRole('group', { name: 'Dataset node', exact: true }).textContent()).toContain('readings v1');
  await expect.poll(() => settings.getByRole('progressbar').count()).toBe(0);
}

/** Records every value the parse bar takes, however briefly it shows: collected in the page, not polled. */
async function watchParseBar(page: Page) {
  await page.evaluate(() => {
    const seen: (string | null)[] = [];
    (window as unknown as { parseValues: typeof seen }).parseValues = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Parsing readings.csv"]');
      const value = bar?.getAttribute('aria-valuenow') ?? null;
      if (bar && seen.at(-1) !== value) seen.push(value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'aria-label'] });
  });
}

/** The bar showed at least one value, and its values only grew, up to 100. */
async function expectParseProgress(page: Page) {
  const values = await page.evaluate(() => (window as unknown as { parseValues: (string | null)[] }).parseValues);
  const numbers = values.filter((v): v is string => v !== null).map(Number);
  expect(numbers.length, `parse bar values: ${JSON.stringify(values)}`).toBeGreaterThan(0);
  for (const [i, value] of numbers.entries()) {
    expect(value).toBeGreaterThanOrEqual(i === 0 ? 0 : numbers[i - 1]!);
    expect(value).toBeLessThanOrEqual(100);
  }
}
