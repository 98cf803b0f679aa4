import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { PipelineGraph } from '../../engine/graph-types';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { setupE2E } from '../setup/e2e';

const e2e = setupE2E();

test('a failed run’s page shows the failed step’s error and its attempt, and offers a rerun from it', () =>
  e2e.usePage('run-page-failed', { width: 1600, height: 1000 }, failedRun));

test('a succeeded run’s page: one timeline bar per step, a stored output in the grid, Rerun opens the new run', () =>
  e2e.usePage('run-page-succeeded', { width: 1600, height: 1000 }, succeededRun));

const status = (page: Page, name: string) => page.getByRole('status', { name, exact: true });

async function startRun(page: Page, pipelineId: string) {
  const answer = await page.request.post(`${e2e.origin()}/graphql`, {
    headers: { origin: e2e.origin() },
    data: { query: 'mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', variables: { id: pipelineId } },
  });
  const { data, errors } = (await answer.json()) as { data?: { startRun: { id: string } }; errors?: unknown[] };
  if (!data) throw new Error(`startRun failed: ${JSON.stringify(errors)}`);
  return data.startRun.id;
}

/** Penguins filtered to Adelie only: it validates, but Train meets a single class, an error only the run finds. */
function oneClassGraph(): PipelineGraph {
  const graph = structuredClone(penguinsGraph);
  graph.nodes.push({ id: 'filter-1', type: 'filter', version: 1, params: { conditions: [{ column: 'Species', op: 'eq', value: 'Adelie' }] }, position: { x: 0, y: 200 } });
  graph.edges = graph.edges.map((e) => (e.source === 'dataset-1' ? { ...e, id: 'filter->split', source: 'filter-1' } : e));
  graph.edges.push({ id: 'dataset->filter', source: 'dataset-1', sourcePort: 'data', target: 'filter-1', targetPort: 'data' });
  graph.nodes.find((n) => n.id === 'split-1')!.params = { testFraction: 0.2, seed: 7 };
  return graph;
}

async function failedRun(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const pipelineId = await e2e.openPipeline(page, { email: 'failed-run@example.com', name: 'Adelie only', graph: oneClassGraph() });
  const runId = await startRun(page, pipelineId);
  await page.goto(`${e2e.origin()}/runs/${runId}`);
  await page.getByRole('heading', { name: 'Adelie only · Run #1' }).waitFor();
  // The header's trail, set apart from the main nav (after a slash, the nav's last item read as its parent: 'Status / Runs').
  await expect.poll(() => page.getByRole('navigation', { name: 'Breadcrumb' }).innerText()).toBe('Runs');
  // Followed live to its end.
  await status(page, 'Run status: failed').waitFor({ timeout: 90_000 });
  await page.getByRole('alert').filter({ hasText: 'Train failed' }).waitFor();

  // The failed step, picked on the canvas: its error, and which attempt it was.
  await page.getByRole('group', { name: 'Train node', exact: true }).click();
  const details = page.getByRole('complementary', { name: 'Step details' });
  await details.getByRole('status', { name: 'Train status: failed', exact: true }).waitFor();
  const error = details.getByRole('region', { name: 'Error' });
  await expect.poll(() => error.textContent()).toContain("Attempt 1: Train: target 'Species' has one class only ('Adelie') in the training rows");
  await details.getByText(/^This step failed, so it has no output/).waitFor();

  // The steps after it were skipped; before it, they succeeded: the timeline says so row by row.
  const timeline = page.getByRole('group', { name: 'Run timeline' });
  await timeline.getByRole('button', { name: /^Evaluate: skipped, did not run/ }).waitFor();
  await timeline.getByRole('button', { name: /^Train: attempt 1 failed after/ }).waitFor();

  // Rerun from the failed step starts a run that reuses what came before it.
  await page.getByRole('button', { name: 'Rerun from Train', exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/runs/') && !url.pathname.endsWith(runId));
  await page.getByRole('heading', { name: 'Adelie only · Run #2' }).waitFor();
  await page.getByText('rerun of run #1 from Train').waitFor();
  await status(page, 'Run status: failed').waitFor({ timeout: 90_000 });
  await page.getByRole('group', { name: 'Run timeline' }).getByRole('button', { name: /^Dataset: reused from an earlier run \(cached\)/ }).waitFor();
  expect(pageErrors).toEqual([]);
}

async function succeededRun(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const pipelineId = await e2e.openPipeline(page, { email: 'succeeded-run@example.com', name: 'Penguins', graph: structuredClone(penguinsGraph) });
  const runId = await startRun(page, pipelineId);
  await page.goto(`${e2e.origin()}/runs/${runId}`);
  await status(page, 'Run status: succeeded').waitFor({ timeout: 90_000 });
  await page.getByText('7 of 7 steps done').waitFor();
  // The whole graph stays in view as the timeline below takes the canvas's height, and after the window shrinks.
  await expect.poll(() => nodesOutsideCanvas(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect.poll(() => nodesOutsideCanvas(page)).toEqual([]);
  // The timeline's axis reads round times, as many as its width has room for (one label per 72 px), so a narrow
  // window gets fewer of them rather than labels printed over each other.
  let wideCount = Infinity;
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 720 });
    await expect.poll(async () => (await axisTicks(page)).length <= (await labelRoom(page))).toBe(true);
    const ticks = await axisTicks(page);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThanOrEqual(wideCount);
    wideCount = ticks.length;
    const values = ticks.map((tick) => tickMs(tick.text));
    expect(values).toEqual(values.map((_, i) => i * values[1]!));
    expect(values[1]! / 10 ** Math.floor(Math.log10(values[1]!))).toBeOneOf([1, 2, 5]);
    expect(ticks.filter((box, i) => i > 0 && box.x < ticks[i - 1]!.x + ticks[i - 1]!.width + 4)).toEqual([]);
  }
  await page.setViewportSize({ width: 1600, height: 1000 });

  // One row per step, each with one finished attempt.
  const timeline = page.getByRole('group', { name: 'Run timeline' });
  await expect.poll(() => timeline.getByRole('button').count()).toBe(penguinsGraph.nodes.length);
  await expect.poll(() => timeline.locator('rect[data-bar="attempt"][data-outcome="succeeded"]').count()).toBe(penguinsGraph.nodes.length);

  // Picked on the timeline: the Dataset's stored rows in the preview grid, more loading as it scrolls.
  await timeline.getByRole('button', { name: /^Dataset: attempt 1 succeeded/ }).click();
  const grid = page.getByRole('grid', { name: 'Output of Dataset' });
  await grid.waitFor();
  await grid.getByRole('gridcell', { name: 'Adelie' }).first().waitFor();
  await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('345');
  // The last rows are past the first window: they come from runOutputRows as the grid reaches them.
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const lastRow = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '344', exact: true }) });
  await lastRow.getByRole('gridcell', { name: /^(Adelie|Gentoo|Chinstrap)$/ }).first().waitFor();

  // Evaluate's metrics come from the run's results, as in the editor.
  await timeline.getByRole('button', { name: /^Evaluate: / }).click();
  await page.getByRole('complementary', { name: 'Step details' }).getByText('Accuracy').first().waitFor();

  // The pinned version opens in the editor; Rerun starts run #2 and opens its page.
  await expect.poll(() => page.getByRole('link', { name: 'Open version 1 in the editor' }).getAttribute('href')).toBe(`/pipelines/${pipelineId}?version=1`);
  await page.getByRole('button', { name: 'Rerun', exact: true }).click();
  await page.getByRole('heading', { name: 'Penguins · Run #2' }).waitFor();
  await status(page, 'Run status: succeeded').waitFor({ timeout: 90_000 });

  // The pinned version's link opens the editor with History showing that version on the canvas.
  await page.getByRole('link', { name: 'Open version 1 in the editor' }).click();
  await page.getByText(/Changes since version 1|Version 1, the first/).first().waitFor();

  // Another team's run, or no run at all, is the app's not-found page.
  const missing = await page.goto(`${e2e.origin()}/runs/00000000-0000-4000-8000-000000000000`);
  expect(missing?.status()).toBe(404);
  expect(pageErrors).toEqual([]);
}

/** The boxes and texts of the timeline axis's tick labels, left to right. */
async function axisTicks(page: Page) {
  const boxes = await page
    .getByRole('group', { name: 'Run timeline' })
    .locator('[data-tick]')
    .evaluateAll((ticks) => ticks.map((t) => ({ ...(t.getBoundingClientRect().toJSON() as DOMRect), text: t.textContent ?? '' })));
  return boxes.sort((a, b) => a.x - b.x);
}

/** Labels the axis has room for at its current width: one per 72 px, between two and six. */
async function labelRoom(page: Page): Promise<number> {
  const column = page.getByRole('group', { name: 'Run timeline' }).locator('[data-tick]').first().locator('..');
  const width = await column.evaluate((e) => e.getBoundingClientRect().width);
  return Math.min(6, Math.max(2, Math.floor(width / 72) + 1));
}

/** A tick label's time in ms ("0", "200 ms", "1.5 s"); NaN for anything else. */
function tickMs(text: string): number {
  if (text === '0') return 0;
  const match = /^(\d+(?:\.\d+)?) (ms|s)$/.exec(text);
  return match ? Math.round(Number(match[1]) * (match[2] === 's' ? 1000 : 1)) : Number.NaN;
}

/** The run canvas's nodes not wholly inside it (the person would have to pan to see them). */
async function nodesOutsideCanvas(page: Page): Promise<string[]> {
  const canvas = await page.getByRole('region', { name: 'Pipeline as run' }).boundingBox();
  if (!canvas) return ['the canvas is missing'];
  const outside: string[] = [];
  for (const node of await page.getByRole('region', { name: 'Pipeline as run' }).locator('.react-flow__node').all()) {
    const box = await node.boundingBox();
    const inside = box && box.x >= canvas.x && box.y >= canvas.y && box.x + box.width <= canvas.x + canvas.width && box.y + box.height <= canvas.y + canvas.height;
    if (!inside) outside.push((await node.getAttribute('data-id')) ?? '?');
  }
  return outside;
}
