import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import type { PipelineGraph } from '../engine/graph-types';
import { getNodeType } from '../engine/registry';
import { CHROMIUM_ARGS } from '../tests/setup/global-browser';
import { median } from './report';
import { missingBuild, signUp, withBenchServer } from './bench-server';

/**
 * Issue 8: a 200-node pipeline stays smooth in Chromium. Opens a generated pipeline on the real server
 * (production build) and records every animation frame while a script pans, zooms and drags a node:
 * median frames per second and the 95th-percentile frame time per gesture (≥ 50 fps asked), and the time
 * from navigation to a drawn canvas (≤ 1 s asked). `BENCH_CANVAS_NODES` sets the size.
 */
const NODES = Number(process.env.BENCH_CANVAS_NODES ?? 200);
const CHAIN = ['dataset', 'impute', 'deduplicate', 'standard-scale', 'split', 'train', 'evaluate', 'clip'] as const;

/** Chains of realistic steps, 8 to a row, each row a small Dataset → … → Evaluate pipeline. */
export function generatedGraph(count: number): PipelineGraph {
  const graph: PipelineGraph = { nodes: [], edges: [] };
  const params: Record<string, Record<string, unknown>> = { dataset: { dataset: { source: 'sample', name: 'penguins' } }, train: { target: 'Species' } };
  for (let i = 0; i < count; i++) {
    const row = Math.floor(i / CHAIN.length);
    const type = CHAIN[i % CHAIN.length]!;
    const id = `${type}-${row + 1}`;
    graph.nodes.push({ id, type, version: getNodeType(type)!.version, params: params[type] ?? {}, position: { x: (i % CHAIN.length) * 260, y: row * 190 } });
    const wire = (source: string, sourcePort: string, targetPort: string) =>
      graph.edges.push({ id: `${source}.${sourcePort}->${id}.${targetPort}`, source, sourcePort, target: id, targetPort });
    if (type === 'evaluate') {
      wire(`train-${row + 1}`, 'model', 'model');
      wire(`split-${row + 1}`, 'data', 'data');
    } else if (type === 'clip') wire(`standard-scale-${row + 1}`, 'data', 'data');
    else if (i % CHAIN.length > 0) wire(graph.nodes[i - 1]!.id, graph.nodes[i - 1]!.type === 'train' ? 'model' : 'data', 'data');
  }
  return graph;
}

type Gesture = { name: string; fps: number; p95: number; frames: number };

export async function measureCanvas(): Promise<string> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return 'canvas: skipped: chromium missing';
  const noBuild = missingBuild('canvas');
  if (noBuild) return noBuild;
  return withBenchServer('canvas', {}, async (server) => {
    const cookie = await signUp(server.origin);
    // The same gestures on one row of the same pipeline: its figures show what the machine gives a small
    // canvas right now, so the 200-node ones can be read as a ratio on a loaded machine.
    const small = await createPipeline(server.origin, cookie, generatedGraph(CHAIN.length), 'Canvas bench, one row');
    const large = await createPipeline(server.origin, cookie, generatedGraph(NODES), 'Canvas bench');

    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.origin }]);
      const page = await context.newPage();
      const lines = [`canvas: ${NODES}-node pipeline in Chromium (asked: ≥ 50 fps, open ≤ 1 s); in brackets the same on a ${CHAIN.length}-node one`];
      const results = [];
      for (const id of [small, large]) {
        const url = `${server.origin}/pipelines/${id}`;
        // The first open warms the server's and the browser's caches; the second is the one timed.
        await openCanvas(page, url);
        const open = await openCanvas(page, url);
        results.push({ open, gestures: [await measure(page, 'pan', pan), await measure(page, 'zoom', zoom), await measure(page, 'drag a node', dragNode)] });
      }
      const [base, big] = results as [(typeof results)[number], (typeof results)[number]];
      const o = big.open;
      lines.push(
        `  open         ${o.drawn.toFixed(0)} ms [${base.open.drawn.toFixed(0)} ms] (navigation → nodes and wires drawn; page received at ${o.response.toFixed(
          0,
        )} ms, scripts run by ${o.dom.toFixed(0)} ms)`,
      );
      big.gestures.forEach((g, i) => {
        const b = base.gestures[i]!;
        lines.push(
          `  ${g.name.padEnd(12)} median ${g.fps.toFixed(0).padStart(3)} fps [${b.fps.toFixed(0)}], p95 frame ${g.p95
            .toFixed(1)
            .padStart(5)} ms [${b.p95.toFixed(1)}] (${g.frames} frames)`,
        );
      });
      return lines.join('\n');
    } finally {
      await browser.close().catch(() => undefined);
    }
  });
}

async function createPipeline(origin: string, cookie: string, graph: PipelineGraph, name: string): Promise<string> {
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { origin, cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, { id: string }>; errors?: unknown[] };
    if (body.errors || !body.data) throw new Error(`The canvas bench could not set up its pipeline: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const { createPipeline: created } = await gql('mutation ($name: String!) { createPipeline(name: $name) { id } }', { name });
  await gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id: created!.id, graph });
  return created!.id;
}

/** Milliseconds from the navigation's start to a canvas with nodes and wires on it, as the page measured it. */
async function openCanvas(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => {
      // Cheap checks only: this runs every frame of the load it measures. React Flow hides a node until measured.
      const drawn =
        document.querySelector('.react-flow__edge path') &&
        document.querySelector('.react-flow__node') &&
        !document.querySelector('.react-flow__node[style*="hidden"]');
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return drawn ? { drawn: performance.now(), response: nav?.responseEnd ?? NaN, dom: nav?.domContentLoadedEventEnd ?? NaN } : false;
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as { drawn: number; response: number; dom: number };
}

async function measure(
  page: Page,
  name: string,
  gesture: (page: Page, box: { x: number; y: number; width: number; height: number }) => Promise<void>,
): Promise<Gesture> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  // A string, not a function: tsx's esbuild would wrap a function's inner names in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__recording = true;
    const tick = (t) => { window.__frames.push(t); if (window.__recording) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await gesture(page, box);
  const frames = (await page.evaluate('window.__recording = false, window.__frames')) as number[];
  // Two callbacks can share one frame's timestamp; a zero gap is not a frame.
  const gaps = frames
    .slice(1)
    .map((t, i) => t - frames[i]!)
    .filter((gap) => gap > 0)
    .sort((a, b) => a - b);
  const p95 = gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.95))] ?? NaN;
  return { name, fps: 1000 / median(gaps), p95, frames: gaps.length };
}

// Each gesture lasts about two seconds of pointer events, like a person's, not one jump.
async function pan(page: Page, box: { x: number; y: number; width: number; height: number }) {
  const y = box.y + box.height - 40;
  await page.mouse.move(box.x + box.width * 0.8, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.2, y - 200, { steps: 120 });
  await page.mouse.up();
}

async function zoom(page: Page, box: { x: number; y: number; width: number; height: number }) {
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 60; i++) await page.mouse.wheel(0, i < 30 ? -40 : 40);
}

async function dragNode(page: Page) {
  const node = page.locator('.react-flow__node[data-id="standard-scale-1"]');
  const b = (await node.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + 12);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 + 300, b.y + 160, { steps: 120 });
  await page.mouse.up();
}
