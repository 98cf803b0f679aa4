import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { setupE2E } from '../setup/e2e';
import { failingGraph } from '../setup/notification-peers';

const e2e = setupE2E();

test('the bell counts a failed run live, lists it, links to the run, and marks it read', () => e2e.usePage('notification-bell', { width: 1400, height: 900 }, bellFlow));

async function bellFlow(page: Page) {
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await e2e.openPipeline(page, { email: 'bell@example.com', name: 'Bell check', graph: failingGraph });
  const bell = page.getByRole('button', { name: /^Notifications, / });
  await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');

  // The run fails in its Validate node; the bell hears of it over the subscription, without a reload.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 90_000 });

  await bell.click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  const link = panel.getByRole('link', { name: /Run of "Bell check" failed/ });
  await link.waitFor();
  // Seen, not only present: what the window shows at the panel's middle is the panel (a clipping header showed the page).
  const seen = await panel.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return r.height > 0 && hit !== null && el.contains(hit);
  });
  expect(seen).toBe(true);
  await expect.poll(() => link.textContent()).toContain('Validate failed');
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(/^\/runs\/[0-9a-f-]{36}$/);

  // Escape closes the panel and gives focus back to the bell.
  await page.keyboard.press('Escape');
  await expect.poll(() => panel.count()).toBe(0);
  await bell.click();
  await panel.getByRole('button', { name: 'Mark all read' }).click();
  await page.getByRole('button', { name: 'Notifications, none unread' }).waitFor();

  // The full list keeps it, read, with the same link to the run.
  await panel.getByRole('link', { name: 'See all notifications' }).click();
  await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
  const all = page.getByRole('list', { name: 'All notifications' });
  await expect.poll(() => all.getByRole('link', { name: 'Run of "Bell check" failed' }).getAttribute('href')).toBe(href);
  await expect.poll(() => all.getByRole('button', { name: /Mark .* read/ }).count()).toBe(0);
  expect(consoleErrors).toEqual([]);
}
