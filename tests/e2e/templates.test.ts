import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { setupE2E, signUpInBrowser, waitForNoProblems } from '../setup/e2e';

const e2e = setupE2E();

test('a template runs to success as is, and a second copy of it gets a distinct name', () =>
  // A browser far from the server's UTC, in another language: the pages it renders must hydrate unchanged.
  e2e.usePage('templates', { width: 1600, height: 1000, timezoneId: 'America/Los_Angeles', locale: 'de-DE' }, templates));

async function templates(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => void (m.type() === 'error' && /hydrat|did not match|Minified React error #(418|423|425)/i.test(m.text()) && pageErrors.push(m.text())));
  await signUpInBrowser(page, e2e.origin(), 'templates@example.com');
  const offered = page.getByRole('group', { name: 'Templates' });
  // Sign-up lands on the pipelines page by a client-side navigation: wait for the offer to render.
  await expect.poll(() => offered.getByRole('button').allTextContents()).toEqual([
    'Open example: Penguin species',
    'Open example: Compare four models',
    'Open example: Car fuel economy',
    'Open example: Seattle weather',
  ]);

  await offered.getByRole('button', { name: 'Open example: Car fuel economy' }).click();
  await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Car fuel economy', exact: true }).waitFor();
  await waitForNoProblems(page);
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('status', { name: 'Evaluate status: succeeded' }).waitFor({ timeout: 180_000 });
  const headline = await page.getByRole('group', { name: 'Evaluate node', exact: true }).getByText(/^R²/).textContent();
  expect(Number(/R²\s*(-?[\d.]+)/.exec(headline ?? '')?.[1])).toBeGreaterThan(0.7);

  // The second click does not make a silent duplicate: the copy is told apart by its name.
  await page.goto(`${e2e.origin()}/pipelines`);
  await page.getByRole('group', { name: 'Templates' }).getByRole('button', { name: 'Open example: Car fuel economy' }).click();
  await page.getByRole('heading', { name: 'Car fuel economy (2)', exact: true }).waitFor();
  await page.goto(`${e2e.origin()}/pipelines`);
  const links = page.getByRole('list', { name: 'Pipelines' }).getByRole('link');
  const names = await links.allTextContents();
  expect(names.filter((n) => n.startsWith('Car fuel economy')).map((n) => n.replace(/\d+ nodes.*$/, ''))).toEqual(['Car fuel economy (2)', 'Car fuel economy']);
  // When each was updated: in UTC as the server wrote it, then in this browser's own time zone, in English as every page writes dates.
  const updated = await page.request.get(`${e2e.origin()}/pipelines`).then((r) => r.text());
  expect(updated).toMatch(/updated <time[^>]*>[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC<\/time>/);
  const local = new Date().toLocaleString('en-US', { dateStyle: 'medium', timeZone: 'America/Los_Angeles' });
  await expect.poll(() => links.first().textContent()).toMatch(new RegExp(`updated ${local}, \\d{1,2}:\\d{2} [AP]M$`));
  expect(pageErrors).toEqual([]);
}
