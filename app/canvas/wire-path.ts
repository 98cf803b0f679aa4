import { getBezierPath, Position } from '@xyflow/react';

export type Box = { x: number; y: number; width: number; height: number };
export type WireEnds = { sourceX: number; sourceY: number; targetX: number; targetY: number };

/** How far a wire runs out of a port before it turns, and how far a back wire's leg keeps from nodes. */
const STUB = 20;
const CLEARANCE = 24;
/** The narrowest gap between nodes that a back wire's leg runs through. */
const MIN_GAP = 16;
/** Radius of a right-angle wire's corners. */
const CORNER = 8;

const isBackWire = ({ sourceX, targetX }: WireEnds) => targetX < sourceX + STUB;

/** How near a node may come to a forward wire's curve before the wire goes round it. */
const BLOCK_MARGIN = 6;
/** Points along a forward wire's curve tested against the nodes near it. */
const CURVE_SAMPLES = 24;

/**
 * A wire's SVG path. A wire into a port to the right of its source is the usual curve, unless its curve
 * would cross a node (a skip wire such as Split → Evaluate past Train): then, like a wire back to the left
 * (the return wire of a two-row pipeline), it runs in right angles round the nodes, its long leg at
 * `laneY` (wireLane), as n8n and KNIME draw such wires. Without a lane it is a curve.
 */
export function wirePath(ends: WireEnds, laneY?: number): string {
  const { sourceX, sourceY, targetX, targetY } = ends;
  if (laneY === undefined) return getBezierPath({ sourceX, sourceY, sourcePosition: Position.Right, targetX, targetY, targetPosition: Position.Left })[0];
  const out = sourceX + STUB;
  const into = targetX - STUB;
  return roundedPath([
    { x: sourceX, y: sourceY },
    { x: out, y: sourceY },
    { x: out, y: laneY },
    { x: into, y: laneY },
    { x: into, y: targetY },
    { x: targetX, y: targetY },
  ]);
}

/**
 * The y of the long leg a wire takes round the nodes, or undefined where it stays a curve: a wire back
 * to the left always goes round; a wire forwards when its curve would cross a node other than its ends,
 * and there is room between its ends to turn twice.
 */
export function wireLane(ends: WireEnds, boxes: readonly Box[]): number | undefined {
  if (isBackWire(ends)) return freeLane(ends, boxes);
  if (ends.targetX - ends.sourceX < 2 * STUB) return undefined;
  return curveCrossesNode(ends, boxes) ? freeLane(ends, boxes) : undefined;
}

const within = (b: Box, x: number, y: number, margin: number) => x > b.x - margin && x < b.x + b.width + margin && y > b.y - margin && y < b.y + b.height + margin;

/**
 * Whether the curve React Flow draws between the ends (a cubic with its control points half the ends'
 * distance out along the ports' sides) passes through a node other than the two the wire joins. Only the
 * nodes inside the curve's bounding box are sampled.
 */
function curveCrossesNode(ends: WireEnds, boxes: readonly Box[]): boolean {
  const { sourceX: sx, sourceY: sy, targetX: tx, targetY: ty } = ends;
  const [top, bottom] = [Math.min(sy, ty) - BLOCK_MARGIN, Math.max(sy, ty) + BLOCK_MARGIN];
  const near = boxes.filter(
    (b) => b.x < tx && b.x + b.width > sx && b.y < bottom && b.y + b.height > top && !within(b, sx, sy, BLOCK_MARGIN) && !within(b, tx, ty, BLOCK_MARGIN),
  );
  if (near.length === 0) return false;
  const half = (tx - sx) / 2;
  for (let i = 1; i < CURVE_SAMPLES; i++) {
    const t = i / CURVE_SAMPLES;
    const u = 1 - t;
    const x = u * u * u * sx + 3 * u * u * t * (sx + half) + 3 * u * t * t * (tx - half) + t * t * t * tx;
    const y = (u * u * u + 3 * u * u * t) * sy + (3 * u * t * t + t * t * t) * ty;
    if (near.some((b) => within(b, x, y, BLOCK_MARGIN))) return true;
  }
  return false;
}

/**
 * The free band between the nodes a wire's leg passes (every node its span overlaps, its ends' too)
 * nearest the middle of its ends, or above or below them all.
 */
function freeLane(ends: WireEnds, boxes: readonly Box[]): number {
  const left = Math.min(ends.sourceX, ends.targetX) - STUB;
  const right = Math.max(ends.sourceX, ends.targetX) + STUB;
  const spans = boxes
    .filter((b) => b.x < right && b.x + b.width > left)
    .map((b) => ({ top: b.y, bottom: b.y + b.height }))
    .sort((a, b) => a.top - b.top);
  const lanes: number[] = [];
  let bottom = -Infinity;
  for (const span of spans) {
    if (bottom > -Infinity && span.top - bottom >= MIN_GAP) lanes.push((bottom + span.top) / 2);
    bottom = Math.max(bottom, span.bottom);
  }
  if (spans.length === 0) return (ends.sourceY + ends.targetY) / 2;
  lanes.push(spans[0]!.top - CLEARANCE, bottom + CLEARANCE);
  const middle = (ends.sourceY + ends.targetY) / 2;
  return lanes.reduce((best, lane) => (Math.abs(lane - middle) < Math.abs(best - middle) ? lane : best));
}

/** Straight legs through `points` with each corner rounded, as React Flow's step wires are (a zero-length leg rounds nothing). */
function roundedPath(points: readonly { x: number; y: number }[]): string {
  let path = `M${points[0]!.x},${points[0]!.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1]!, points[i]!, points[i + 1]!];
    const r = Math.min(CORNER, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    path += ` L${b.x - Math.sign(b.x - a.x) * r},${b.y - Math.sign(b.y - a.y) * r} Q${b.x},${b.y} ${b.x + Math.sign(c.x - b.x) * r},${b.y + Math.sign(c.y - b.y) * r}`;
  }
  const last = points[points.length - 1]!;
  return `${path} L${last.x},${last.y}`;
}
