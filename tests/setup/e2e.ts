import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import type { PipelineGraph } from '../../engine/graph-types';
import { spawnServer } from './spawn-server';

/**
 * For an e2e file: the product's own server process (over this file's database) and a connection to the
 * run's shared browser. `usePage` gives a fresh browser context and leaves a screenshot when a step fails.
 */
export function setupE2E(serverOptions: Parameters<typeof spawnServer>[0] = {}) {
  let server: Awaited<ReturnType<typeof spawnServer>>;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([spawnServer(serverOptions), chromium.connect(inject('browserWsEndpoint'))]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return {
    origin: () => server.origin,
    server: () => server,
    /** `timezoneId` and `locale` set the browser's own, which the server does not share (it renders in UTC). */
    async usePage(name: string, opts: { width: number; height: number; timezoneId?: string; locale?: string }, steps: (page: Page) => Promise<void>) {
      const { width, height, ...browserSettings } = opts;
      const context = await browser.newContext({ viewport: { width, height }, ...browserSettings });
      const page = await context.newPage();
      const browserErrors: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && browserErrors.push(m.text())));
      page.on('pageerror', (e) => void browserErrors.push(e.message));
      try {
        await steps(page);
      } catch (error) {
        const file = path.join(os.tmpdir(), `pipewright-e2e-${name}-failure.png`);
        await page.screenshot({ path: file }).catch(() => {});
        // CI keeps only the log: say what the page and the server had to say about the failure there.
        if (error instanceof Error) error.message += failureContext(browserErrors, server.output());
        throw error;
      } finally {
        await context.close();
      }
    },
    /**
     * Signs up as `email` and creates the pipeline `name`, on whose canvas the page then stands. Given a
     * graph, saves it through the GraphQL API and reloads, so the canvas opens on it without building it
     * by hand. Returns the pipeline's id.
     */
    async openPipeline(page: Page, opts: { email: string; name: string; graph?: PipelineGraph }): Promise<string> {
      await signUpInBrowser(page, server.origin, opts.email);
      await createPipelineInBrowser(page, opts.name);
      const pipelineId = new URL(page.url()).pathname.split('/').at(-1)!;
      if (opts.graph) {
        const saved = await page.request.post(`${server.origin}/graphql`, {
          headers: { origin: server.origin },
          data: { query: 'mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', variables: { id: pipelineId, graph: opts.graph } },
        });
        const { errors } = (await saved.json()) as { errors?: unknown[] };
        if (errors) throw new Error(`Saving the test's graph failed: ${JSON.stringify(errors)}`);
        await page.reload();
      }
      return pipelineId;
    },
  };
}

export async function signUpInBrowser(page: Page, origin: string, email: string) {
  await page.goto(`${origin}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Sign-up never signs in (it must not reveal whether the e-mail had an account): sign in next.
  await page.waitForURL(/\/login\?registered=1/);
  // The URL changes before the sign-in form replaces the sign-up one: filling at once could type into
  // the old form's fields and then submit an empty sign-in.
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/pipelines$/);
}

export async function createPipelineInBrowser(page: Page, name: string) {
  await page.getByLabel('New pipeline name').fill(name);
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);
}

function failureContext(browserErrors: string[], serverOutput: string) {
  const tail = serverOutput.split('\n').slice(-25).join('\n').trim();
  return [
    browserErrors.length ? `\n--- browser errors (last 10 of ${browserErrors.length}):\n${browserErrors.slice(-10).join('\n')}` : '',
    tail ? `\n--- server output (last 25 lines):\n${tail}` : '',
  ].join('');
}

/**
 * Waits until the toolbar says "No problems"; if it never does, fails with the problems the page lists,
 * so a log shows which problem stayed instead of only a timeout.
 */
export async function waitForNoProblems(page: Page, timeout = 30_000) {
  const toolbar = page.getByRole('toolbar', { name: 'Pipeline' });
  try {
    await toolbar.getByText('No problems').waitFor({ timeout });
  } catch (error) {
    const open = toolbar.getByRole('button', { name: /^\d+ problems?$/ });
    if ((await open.count()) === 1 && (await open.getAttribute('aria-expanded')) !== 'true') await open.click();
    const listed = await page.getByRole('region', { name: 'Problems' }).getByRole('listitem').allTextContents().catch(() => []);
    throw new Error(`The toolbar never said "No problems"; the page listed: ${JSON.stringify(listed)}`, { cause: error });
  }
}

/** Selects a node on the canvas by its label ('Dataset' for the Dataset node) and returns its settings panel. */
export async function selectNode(page: Page, label: string) {
  await page.getByRole('group', { name: `${label} node`, exact: true }).click();
  return page.getByRole('complementary', { name: 'Node settings' });
}

const handle = (page: Page, nodeId: string, port: string, side: 'source' | 'target') =>
  page.locator(`.react-flow__handle.${side}[data-nodeid="${nodeId}"][data-handleid="${port}"]`);

/** Drags a wire from an output handle to an input handle, as a person does with the mouse. */
export async function connectPorts(page: Page, from: [string, string], to: [string, string]) {
  const a = await handle(page, from[0], from[1], 'source').boundingBox();
  const b = await handle(page, to[0], to[1], 'target').boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${from.join('.')} → ${to.join('.')}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

/**
 * An HTML5 drag and drop from `source` onto `target` (at `position` within it, default its centre),
 * sent as the drag events with one shared DataTransfer. Playwright's `dragTo` guesses whether a mouse
 * move started a native drag by racing a zero-delay timer against `dragstart`; on a loaded CI machine
 * the timer can win and the drop silently never happens. Our handlers are what the tests are about.
 */
export async function dragAndDrop(source: Locator, target: Locator, position?: { x: number; y: number }) {
  const box = await target.boundingBox();
  if (!box) throw new Error('drop target not visible');
  const at = { clientX: box.x + (position?.x ?? box.width / 2), clientY: box.y + (position?.y ?? box.height / 2) };
  const dataTransfer = await source.page().evaluateHandle(() => new DataTransfer());
  await source.dispatchEvent('dragstart', { dataTransfer });
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer, ...at });
  await source.dispatchEvent('dragend', { dataTransfer });
  await dataTransfer.dispose();
}
