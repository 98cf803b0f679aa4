import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { setupE2E, signUpInBrowser } from '../setup/e2e';

// Nothing here runs a pipeline: the web server alone (no worker process to boot) is enough.
const e2e = setupE2E({ workers: 0 });

test('an unknown address shows a not-found page with a way back, and the server logs it as one line', () =>
  e2e.usePage('not-found', { width: 1200, height: 800 }, notFound));

async function notFound(page: Page) {
  await signUpInBrowser(page, e2e.origin(), 'lost@example.com');

  const response = await page.goto(`${e2e.origin()}/no-such-page`);
  expect(response?.status()).toBe(404);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  // Read what is shown once hydrated (the client's copy of the router's 404 loses the details the server had);
  // textContent would also read the page's inline scripts, which carry the router's message.
  await page.waitForLoadState('networkidle');
  const shown = await page.locator('main').innerText();
  expect(shown).toContain('There is nothing at this address.');
  expect(shown).not.toContain('No route matches');
  // A pipeline that is not the team's: the loader's own message.
  await page.goto(`${e2e.origin()}/pipelines/00000000-0000-4000-8000-000000000000`);
  await page.getByText('This pipeline does not exist in your team, or it was deleted.').waitFor();
  await page.getByRole('link', { name: 'Go to your pipelines' }).click();
  await page.waitForURL(/\/pipelines$/);

  // Browsers ask for /favicon.ico on their own: it is the app's icon, not a 404.
  const icon = await page.request.get(`${e2e.origin()}/favicon.ico`);
  expect([icon.status(), icon.headers()['content-type']]).toEqual([200, 'image/svg+xml']);

  await expect.poll(() => e2e.server().output()).toContain('404 GET /no-such-page');
  expect(e2e.server().output()).not.toMatch(/No route matches|at .*node_modules/);
}
