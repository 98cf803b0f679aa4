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
