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

const handle = (page: Page, nodeId: string, port: string, side: 'source' | 'target') =>
  page.locator(`.react-flow__handle.${side}[data-nodeid="${nodeId}"][data-handleid="${port}"]`);

async function connect(page: Page, from: [string, string], to: [string, string]) {
  const a = await handle(page, from[0], from[1], 'source').boundingBox();
  const b = await handle(page, to[0], to[1], 'target').boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${from.join('.')} → ${to.join('.')}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

test('sign up, build the penguins pipeline by drag and drop, run it and watch it succeed live', async () => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  try {
    await buildAndRun(page);
  } catch (error) {
    // Evidence for whoever reads a red run.
    await page.screenshot({ path: `${os.tmpdir()}/pipewright-e2e-failure.png` }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
});

async function buildAndRun(page: Page) {
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  await page.goto(`${server.origin}/signup`);
  await page.getByLabel('Email').fill('e2e@example.com');
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect.poll(() => page.url()).toMatch(/\/pipelines$/);
  await page.getByText('No pipelines yet').waitFor();

  await page.getByLabel('New pipeline name').fill('Penguin species');
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);
  await page.getByText('Drag a node from the palette').waitFor();

  // Drag each node from the palette onto its own spot, left to right in two rows.
  const canvas = page.locator('.react-flow__pane');
  const layout: [string, number, number][] = [
    ['Dataset', 80, 120],
    ['Train/test split', 380, 120],
    ['Impute', 680, 120],
    ['One-hot', 980, 120],
    ['Standard scale', 80, 420],
    ['Train', 380, 420],
    ['Evaluate', 680, 420],
  ];
  for (const [title, x, y] of layout) {
    await page.getByRole('button', { name: `Add ${title}`, exact: true }).dragTo(canvas, { targetPosition: { x, y } });
  }
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(7);

  await connect(page, ['dataset-1', 'data'], ['split-1', 'data']);
  await connect(page, ['split-1', 'data'], ['impute-1', 'data']);
  await connect(page, ['impute-1', 'data'], ['one-hot-1', 'data']);
  await connect(page, ['one-hot-1', 'data'], ['standard-scale-1', 'data']);
  await connect(page, ['standard-scale-1', 'data'], ['train-1', 'data']);
  await connect(page, ['train-1', 'model'], ['evaluate-1', 'model']);
  await connect(page, ['standard-scale-1', 'data'], ['evaluate-1', 'data']);
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(7);

  const settings = page.getByRole('complementary', { name: 'Node settings' });
  await page.getByLabel('One-hot node').click();
  const oneHotColumns = settings.getByRole('group', { name: 'Columns' });
  await oneHotColumns.getByLabel('Island').check();
  await oneHotColumns.getByLabel('Sex').check();
  await page.getByLabel('Train node', { exact: true }).click();
  await settings.getByLabel('Target column').selectOption('Species');

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Run' }).click();

  // Every badge turns succeeded through the live subscription.
  for (const label of ['Dataset', 'Train/test split', 'Impute', 'One-hot', 'Standard scale', 'Train', 'Evaluate']) {
    await page.getByRole('status', { name: `${label} status: succeeded` }).waitFor({ timeout: 90_000 });
  }
  const accuracyText = await page.getByLabel('Evaluate node').getByText(/Accuracy/).textContent();
  const accuracy = Number(/Accuracy\s*([\d.]+)/.exec(accuracyText ?? '')?.[1]);
  expect(accuracy).toBeGreaterThanOrEqual(0.9);

  // The trained model's learning curve: loss falls from the first epoch to the last.
  await page.getByRole('group', { name: 'Train node', exact: true }).click();
  const curve = await settings.getByRole('img', { name: /^Learning curve over epoch: Loss from/ }).getAttribute('aria-label');
  const [first, last] = /Loss from ([\d.]+) to ([\d.]+)/.exec(curve ?? '')!.slice(1).map(Number);
  expect(last).toBeLessThan(first!);

  // Saved graph survives a reload.
  await page.reload();
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(7);
  expect(consoleErrors).toEqual([]);
}
