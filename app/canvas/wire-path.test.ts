import { expect, test } from 'vitest';
import { wirePath, type Box } from './wire-path';

const node = (x: number, y: number): Box => ({ x, y, width: 208, height: 130 });
/** Handles sit on the right edge (outputs) and left edge (inputs), 60 px down, as on the canvas. */
const ends = (source: Box, target: Box) => ({ sourceX: source.x + source.width, sourceY: source.y + 60, targetX: target.x, targetY: target.y + 60, source, target });

/** The straight legs of a right-angle path: each L command's segment from the point before it. */
function legs(path: string): { x1: number; y1: number; x2: number; y2: number }[] {
  const points = [...path.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)|Q\s*-?[\d.]+,-?[\d.]+ (-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({ x: Number(m[1] ?? m[3]), y: Number(m[2] ?? m[4]), line: m[0].startsWith('L') }));
  return points.slice(1).flatMap((p, i) => (p.line ? [{ x1: points[i]!.x, y1: points[i]!.y, x2: p.x, y2: p.y }] : []));
}

function crosses(leg: ReturnType<typeof legs>[number], box: Box): boolean {
  const [left, right] = [Math.min(leg.x1, leg.x2), Math.max(leg.x1, leg.x2)];
  const [top, bottom] = [Math.min(leg.y1, leg.y2), Math.max(leg.y1, leg.y2)];
  return left < box.x + box.width && right > box.x && top < box.y + box.height && bottom > box.y;
}

test('a wire forwards is a curve', () => {
  const path = wirePath(ends(node(0, 0), node(300, 80)));
  expect(path).toMatch(/^M.*C/);
});

test("the return wire of a two-row pipeline runs through the gap between the rows, crossing no node", () => {
  const row1 = [0, 280, 560, 840].map((x) => node(x, 0));
  const row2 = [0, 280, 560, 840].map((x) => node(x, 200));
  const path = wirePath(ends(row1[3]!, row2[0]!));
  expect(path).not.toContain('C');
  const long = legs(path).find((leg) => Math.abs(leg.x2 - leg.x1) > 500)!;
  expect(long.y1).toBe(165); // mid-way between row 1's bottom (130) and row 2's top (200)
  for (const leg of legs(path)) for (const box of [...row1, ...row2]) expect(crosses(leg, box), `${JSON.stringify(leg)} crosses the node at ${box.x},${box.y}`).toBe(false);
});

test('a wire back to a node upstream in the same row runs below both', () => {
  const source = node(600, 0);
  const target = node(0, 10);
  const path = wirePath(ends(source, target));
  const long = legs(path).find((leg) => Math.abs(leg.x2 - leg.x1) > 500)!;
  expect(long.y1).toBe(10 + 130 + 24);
  for (const leg of legs(path)) for (const box of [source, target, node(300, 0)]) expect(crosses(leg, box)).toBe(false);
});

test('a wire back up to the row above also uses the gap', () => {
  const path = wirePath(ends(node(600, 300), node(0, 0)));
  const long = legs(path).find((leg) => Math.abs(leg.x2 - leg.x1) > 500)!;
  expect(long.y1).toBe(215);
});

test('without measured nodes (the first frame) every wire is a curve', () => {
  const path = wirePath({ sourceX: 600, sourceY: 0, targetX: 0, targetY: 200 });
  expect(path).toMatch(/^M.*C/);
});
