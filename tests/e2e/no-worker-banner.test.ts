import type { Page } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { setupE2E, signUpInBrowser } from '../setup/e2e';
import { spawnWorker } from '../setup/spawn-worker';

// The web server alone: no worker process, so a run can only wait.
const e2e = setupE2E({ workers: 0 });
let worker: Awaited<ReturnType<typeof spawnWorker>> | undefined;
afterAll(() => worker?.stop());

test('a run queued with no live worker shows a banner saying why and what to do; it goes away when a worker starts', () =>
  e2e.usePage('no-worker-banner', { width: 1400, height: 900 }, async (page: Page) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signUpInBrowser(page, e2e.origin(), 'banner@example.com');
    await page.getByRole('button', { name: 'Open example: Penguin species' }).click();
    await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);

    await page.getByRole('button', { name: 'Run' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'No worker is running, so this run is waiting.' });
    await banner.waitFor({ timeout: 15_000 });
    await expect.poll(() => banner.textContent()).toContain('tsx worker/main.ts');

    const server = e2e.server();
    worker = await spawnWorker({ databaseUrl: server.databaseUrl, dataDir: server.dataDir, leaseSeconds: 30 });
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('status', { name: 'Evaluate status: succeeded' }).waitFor({ timeout: 90_000 });
    expect(pageErrors).toEqual([]);
  }));
