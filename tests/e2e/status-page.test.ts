import type { Page } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { setupE2E, signUpInBrowser } from '../setup/e2e';
import { spawnWorker } from '../setup/spawn-worker';

// The web server alone: the test starts the worker, so the page must pick it up by itself.
const e2e = setupE2E({ workers: 0 });
let worker: Awaited<ReturnType<typeof spawnWorker>> | undefined;
afterAll(() => worker?.stop());

test('the Status page shows a queued job, then a live worker appearing and the queue emptying, without a reload', () =>
  e2e.usePage('status-page', { width: 1400, height: 900 }, async (page: Page) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signUpInBrowser(page, e2e.origin(), 'status@example.com');
    await page.getByRole('button', { name: 'Open example: Penguin species' }).click();
    await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'No worker is running' }).waitFor({ timeout: 15_000 });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Status', exact: true }).click();
    await page.getByRole('heading', { name: 'Status', level: 1 }).waitFor();
    await expect.poll(() => page.getByText(/No worker has started in the last hour/).isVisible()).toBe(true);
    const queues = page.getByRole('table', { name: 'Queues' });
    const runNode = queues.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'run-node', exact: true }) });
    // Columns: Queue, Waiting, Active, Failed.
    await expect.poll(async () => Number(await runNode.getByRole('cell').nth(0).textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    const server = e2e.server();
    worker = await spawnWorker({ databaseUrl: server.databaseUrl, dataDir: server.dataDir, leaseSeconds: 30 });
    const row = page.getByRole('table', { name: 'Workers' }).getByRole('row').filter({ hasText: `pid ${worker.pid}` });
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.getByText('live', { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => row.getByText(/\d+ s ago/).isVisible()).toBe(true);
    // The run finishes: nothing waits any more.
    await expect.poll(async () => Number(await runNode.getByRole('cell').nth(0).textContent()), { timeout: 90_000, interval: 500 }).toBe(0);
    await expect.poll(async () => Number(await runNode.getByRole('cell').nth(1).textContent()), { timeout: 30_000, interval: 500 }).toBe(0);
    expect(pageErrors).toEqual([]);
  }));
