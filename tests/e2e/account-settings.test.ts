import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { setupE2E, signUpInBrowser } from '../setup/e2e';

// Plain http to this machine is allowed for the test receiver only.
const e2e = setupE2E({ env: { FETCH_ALLOW_HOSTS: '127.0.0.1' } });

type Received = { headers: http.IncomingHttpHeaders; body: string };
let receiver: http.Server;
const received: Received[] = [];
beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => receiver?.close(() => resolve())));

test('notification preferences are saved and still set after a reload', () => e2e.usePage('account-preferences', { width: 1200, height: 900 }, preferencesKept));

test('a webhook is added with its secret shown once, answers Send test with a signed delivery row, and is deleted', () =>
  e2e.usePage('settings-webhooks', { width: 1200, height: 900 }, webhookLifecycle));

async function preferencesKept(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await signUpInBrowser(page, e2e.origin(), 'prefs@example.com');
  await page.goto(`${e2e.origin()}/account`);
  const section = page.locator('form#notifications');
  const succeededInApp = section.getByRole('checkbox', { name: 'Run succeeded: in app' });
  const failedEmail = section.getByRole('checkbox', { name: 'Run failed: e-mail' });
  const pausedInApp = section.getByRole('checkbox', { name: 'Schedule paused: in app' });
  // Defaults: in app for everything, e-mail for failures (and paused schedules) only.
  expect([await succeededInApp.isChecked(), await failedEmail.isChecked(), await pausedInApp.isChecked()]).toEqual([true, true, true]);

  await succeededInApp.uncheck();
  await failedEmail.uncheck();
  await section.getByRole('button', { name: 'Save notification settings' }).click();
  await section.getByRole('status').filter({ hasText: 'Notification settings saved.' }).waitFor();

  await page.reload();
  await succeededInApp.waitFor();
  expect([await succeededInApp.isChecked(), await failedEmail.isChecked(), await pausedInApp.isChecked()]).toEqual([false, false, true]);
  expect(pageErrors).toEqual([]);
}

async function webhookLifecycle(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await signUpInBrowser(page, e2e.origin(), 'hooks@example.com');
  await page.goto(`${e2e.origin()}/settings/webhooks`);
  await page.getByText('No webhooks yet').waitFor();

  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/pipewright`;
  await page.getByLabel('Payload URL').fill(url);
  await page.getByRole('checkbox', { name: 'Run succeeded' }).check();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const secret = (await page.getByLabel('Signing secret').textContent())!.trim();
  expect(secret.length).toBeGreaterThanOrEqual(20);
  const hook = page.getByRole('region', { name: `Webhook ${url}` });
  await expect.poll(() => hook.textContent()).toContain('Run succeeded · Run failed · Enabled');
  await hook.getByText('No deliveries yet.', { exact: false }).waitFor();

  // Send test reaches the receiver signed with that secret, and the delivery log shows its answer.
  await hook.getByRole('button', { name: 'Send test' }).click();
  await page.getByRole('status').filter({ hasText: 'Test delivery: the receiver answered 204.' }).waitFor();
  const deliveries = hook.getByRole('table', { name: `Deliveries of ${url}` });
  const row = deliveries.getByRole('row').filter({ hasText: 'Test' });
  await row.waitFor();
  await expect.poll(() => row.textContent()).toContain('204');
  expect(received).toHaveLength(1);
  const [delivery] = received;
  expect(delivery!.headers['x-pipewright-event']).toBe('ping');
  expect(delivery!.headers['x-pipewright-signature']).toBe(`sha256=${createHmac('sha256', secret).update(delivery!.body).digest('hex')}`);

  // The secret was shown once: a reload lists the webhook without it.
  await page.reload();
  await hook.waitFor();
  await expect.poll(() => page.getByLabel('Signing secret').count()).toBe(0);
  expect(await page.content()).not.toContain(secret);

  await hook.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('No webhooks yet').waitFor();
  await expect.poll(() => hook.count()).toBe(0);
  expect(pageErrors).toEqual([]);
}
