import { expect, test } from 'vitest';
import { wireLane, wirePath, type Box } from './wire-path';

const node = (x: number, y: number, height = 130): Box => ({ x, y, width: 208, height });
/** Handles sit on the right edge (outputs) and left edge (inputs), 60 px down, as on the canvas. */
const ends = (source: Box, target: Box) => ({ sourceX: source.x + source.width, sourceY: source.y + 60, targetX: target.x, targetY: target.y + 60 });
const route = (source: Box, target: Box, boxes: Box[]) => wirePath(ends(source, target), wireLane(ends(source, target), boxes));

type Leg = { x1: number; y1: number; x2: number; y2: number };

/** Every leg of a right-angle path, corners included as the segment between their ends. */
function legs(path: string): Leg[] {
  const points = [...path.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)|Q\s*-?[\d.]+,-?[\d.]+ (-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({ x: Number(m[1] ?? m[3]), y: Number(m[2] ?? m[4]) }));
  expect(points.length).toBeGreaterThan(4);
  return points.slice(1).map((p, i) => ({ x1: points[i]!.x, y1: points[i]!.y, x2: p.x, y2: p.y }));
}

const crosses = (leg: Leg, box: Box) =>
  Math.min(leg.x1, leg.x2) < box.x + box.width && Math.max(leg.x1, leg.x2) > box.x && Math.min(leg.y1, leg.y2) < box.y + box.height && Math.max(leg.y1, leg.y2) > box.y;

function expectClear(path: string, boxes: Box[], except: Box[]) {
  for (const leg of legs(path)) {
    for (const box of boxes) if (!except.includes(box)) expect(crosses(leg, box), `${JSON.stringify(leg)} crosses the node at ${box.x},${box.y}`).toBe(false);
  }
}

/** The longest horizontal leg. */
const longLeg = (path: string) => legs(path).reduce((best, leg) => (Math.abs(leg.x2 - leg.x1) > Math.abs(best.x2 - best.x1) ? leg : best));

test('a wire forwards is a curve', () => {
  const boxes = [node(0, 0), node(300, 80)];
  expect(route(boxes[0]!, boxes[1]!, boxes)).toMatch(/^M.*C/);
});

test('a wire forwards stays a curve past nodes above and below its course', () => {
  // Compare's split input from Rescale, with two Train nodes above that row and two below.
  const rescale = node(0, 0);
  const compare = node(520, 0);
  const trains = [-380, -190, 190, 380].map((y) => node(260, y));
  expect(route(rescale, compare, [rescale, compare, ...trains])).toMatch(/^M.*C/);
});

test('a wire forwards between rows stays a curve when its curve misses the nodes its ends span', () => {
  // The S-curve from row 1 down to row 2 passes under row 1's next node and over row 2's first.
  const source = node(0, 0);
  const target = node(840, 200);
  expect(route(source, target, [source, target, node(560, 0), node(280, 200)])).toMatch(/^M.*C/);
});

test('a wire forwards with no room to turn twice stays a curve', () => {
  const source = node(0, 0);
  const target = node(238, 400);
  expect(route(source, target, [source, target, node(120, 200)])).toMatch(/^M.*C/);
});

test('a skip wire past a node in its row goes round it, on the nearer side', () => {
  // Split → Evaluate's data input, past Train: a curve would run straight through Train.
  const row = [0, 280, 560, 840].map((x) => node(x, 0));
  const below = [node(280, 200)];
  const boxes = [...row, ...below];
  const path = route(row[1]!, row[3]!, boxes);
  expect(path).not.toContain('C');
  expect(longLeg(path).y1).toBe(-24); // above the row: nearer the ports (y 60) than the gap under it (y 165)
  expectClear(path, boxes, [row[1]!, row[3]!]);
});

test('a skip wire to the next row down takes the gap between the rows', () => {
  const row1 = [node(0, 0), node(280, 0)];
  const row2 = [node(280, 200), node(560, 200)];
  const boxes = [...row1, ...row2];
  const path = route(row1[0]!, row2[1]!, boxes);
  expect(longLeg(path).y1).toBe(165);
  expectClear(path, boxes, [row1[0]!, row2[1]!]);
});

test('the return wire of a two-row pipeline runs through the gap between the rows, crossing no node', () => {
  const row1 = [0, 280, 560, 840].map((x) => node(x, 0));
  const row2 = [0, 280, 560, 840].map((x) => node(x, 200));
  const boxes = [...row1, ...row2];
  const path = route(row1[3]!, row2[0]!, boxes);
  expect(path).not.toContain('C');
  expect(longLeg(path).y1).toBe(165); // mid-way between row 1's bottom (130) and row 2's top (200)
  expectClear(path, boxes, [row1[3]!, row2[0]!]);
});

test('a taller node in between moves the leg down to stay clear of it', () => {
  // Leg mid-way between the ends' own boxes would be y 180, inside the tall node (its bottom is 190).
  const row1 = [node(0, 0), node(280, 0, 190), node(560, 0)];
  const row2 = [node(0, 230), node(280, 230)];
  const boxes = [...row1, ...row2];
  const path = route(row1[2]!, row2[0]!, boxes);
  expect(longLeg(path).y1).toBe(210); // between the tall node's bottom (190) and row 2's top (230)
  expectClear(path, boxes, [row1[2]!, row2[0]!]);
});

test('a wire back to a node upstream in the same row goes round that row, on the nearer side', () => {
  const row1 = [node(0, 0), node(280, 0), node(560, 0)];
  const row2 = [node(0, 200), node(280, 200), node(560, 200)];
  const boxes = [...row1, ...row2];
  const path = route(row1[2]!, row1[0]!, boxes);
  // The ends' middle is y 60: 24 px above row 1 (y -24) is nearer than the gap under it (y 165).
  expect(longLeg(path).y1).toBe(-24);
  expectClear(path, boxes, [row1[2]!, row1[0]!]);
});

test('a wire back up to the row above also uses the gap', () => {
  const boxes = [node(0, 0), node(600, 300)];
  expect(longLeg(route(boxes[1]!, boxes[0]!, boxes)).y1).toBe(215);
});

test('a back wire with no lane given (no node measured) is a curve', () => {
  expect(wirePath({ sourceX: 600, sourceY: 0, targetX: 0, targetY: 200 })).toMatch(/^M.*C/);
});
