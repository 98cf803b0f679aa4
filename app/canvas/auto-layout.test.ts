import { expect, test } from 'vitest';
import { computeLayout, type LayoutNode } from './auto-layout';

const box = (id: string, inputs: string[], outputs: string[]): LayoutNode => ({
  id,
  width: 208,
  height: 100,
  inputs: inputs.map((p, i) => ({ id: p, y: 60 + 24 * i })),
  outputs: outputs.map((p, i) => ({ id: p, y: 60 + 24 * i })),
});

test('every wire points right after layout, inputs keep their order, and the drawing keeps its corner', async () => {
  // Drawn backwards on purpose: the evaluation first, the data last.
  const nodes = [box('evaluate', ['model', 'data'], ['metrics']), box('train', ['data'], ['model']), box('split', ['data'], ['data']), box('dataset', [], ['data'])];
  const edges = [
    { source: 'dataset', sourcePort: 'data', target: 'split', targetPort: 'data' },
    { source: 'split', sourcePort: 'data', target: 'train', targetPort: 'data' },
    { source: 'train', sourcePort: 'model', target: 'evaluate', targetPort: 'model' },
    { source: 'split', sourcePort: 'data', target: 'evaluate', targetPort: 'data' },
    // A wire to a port the node does not have is left out rather than failing the layout.
    { source: 'dataset', sourcePort: 'data', target: 'train', targetPort: 'gone' },
  ];
  const p = await computeLayout(nodes, edges, { x: 100, y: 50 });
  for (const e of edges) expect(p[e.target]!.x).toBeGreaterThan(p[e.source]!.x + 208);
  expect(Math.min(...Object.values(p).map((q) => q.x))).toBe(100);
  expect(Math.min(...Object.values(p).map((q) => q.y))).toBe(50);
});

test('a chain too long to read in one row of the view is wrapped into rows; a short one stays in a row', async () => {
  const ids = ['dataset', 'impute', 'encode', 'split', 'scale', 'train', 'evaluate'];
  const chain = ids.map((id) => box(id, ['data'], ['data']));
  const edges = ids.slice(1).map((id, i) => ({ source: ids[i]!, sourcePort: 'data', target: id, targetPort: 'data' }));
  const view = { width: 1000, height: 640 };
  const wrapped = await computeLayout(chain, edges, { x: 0, y: 0 }, view);
  const rows = new Set(Object.values(wrapped).map((q) => q.y));
  expect(rows.size).toBeGreaterThan(1);
  // Readable at 0.75: the widest row fits the view.
  expect(Math.max(...Object.values(wrapped).map((q) => q.x + 208)) * 0.75).toBeLessThanOrEqual(view.width);
  // Within a row the chain still reads left to right.
  for (const e of edges) if (wrapped[e.source]!.y === wrapped[e.target]!.y) expect(wrapped[e.target]!.x).toBeGreaterThan(wrapped[e.source]!.x);
  const short = await computeLayout(chain.slice(0, 3), edges.slice(0, 2), { x: 0, y: 0 }, view);
  expect(new Set(Object.values(short).map((q) => q.y)).size).toBe(1);
});
