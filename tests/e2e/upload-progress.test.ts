import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { setupE2E, signUpInBrowser } from '../setup/e2e';
import { writeLargeCsv } from '../setup/multipart-upload';

const e2e = setupE2E();
let tmp: string | undefined;
afterAll(() => (tmp ? rm(tmp, { recursive: true, force: true }) : undefined));

test('the Datasets page shows the parse progress of an upload, then its result', () => e2e.usePage('upload-progress', { width: 1200, height: 800 }, progressFlow));

/** Large enough that the server reads it in several chunks, so the bar has values to show. */
const FILE_MB = 40;

async function progressFlow(page: Page) {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pipewright-e2e-progress-'));
  const file = path.join(tmp, 'readings.csv');
  await writeLargeCsv(file, FILE_MB);
  await signUpInBrowser(page, e2e.origin(), 'progress@example.com');
  await page.goto(`${e2e.origin()}/datasets`);
  await page.getByText('No datasets yet').waitFor();

  // Every value the parse bar takes, however briefly it shows: collected in the page, not polled.
  await page.evaluate(() => {
    const seen: (string | null)[] = [];
    (window as unknown as { parseValues: typeof seen }).parseValues = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Parsing readings.csv"]');
      const value = bar?.getAttribute('aria-valuenow') ?? null;
      if (bar && seen.at(-1) !== value) seen.push(value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'aria-label'] });
  });
  await page.getByLabel('Dataset file').setInputFiles(file);
  await page.getByRole('status').getByText(/Uploaded readings v1: [\d,]+ rows, 4 columns/).waitFor({ timeout: 120_000 });

  const values = await page.evaluate(() => (window as unknown as { parseValues: (string | null)[] }).parseValues);
  const numbers = values.filter((v): v is string => v !== null).map(Number);
  expect(numbers.length, `parse bar values: ${JSON.stringify(values)}`).toBeGreaterThan(0);
  for (const [i, value] of numbers.entries()) {
    expect(value).toBeGreaterThanOrEqual(i === 0 ? 0 : numbers[i - 1]!);
    expect(value).toBeLessThanOrEqual(100);
  }
}
