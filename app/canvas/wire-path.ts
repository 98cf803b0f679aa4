import { getBezierPath, getSmoothStepPath, Position } from '@xyflow/react';

export type Box = { x: number; y: number; width: number; height: number };
export type WireEnds = { sourceX: number; sourceY: number; targetX: number; targetY: number };

/** How far a wire runs out of a port before it turns, and how far a back wire's leg keeps from nodes. */
const STUB = 20;
const CLEARANCE = 24;
/** The narrowest gap between nodes that a back wire's leg runs through. */
const MIN_GAP = 16;

export const isBackWire = ({ sourceX, targetX }: WireEnds) => targetX < sourceX + STUB;

/**
 * A wire's SVG path. A wire into a port to the right of its source is the usual curve. A wire back to
 * the left (the return wire of a two-row pipeline, or a loop drawn backwards) would cut across the nodes
 * between its ends as a curve, so it runs in right angles instead, its long leg at `laneY` (backWireLane),
 * as n8n and KNIME draw such wires. Without a lane it is a curve.
 */
export function wirePath(ends: WireEnds, laneY?: number): string {
  const { sourceX, sourceY, targetX, targetY } = ends;
  const sides = { sourceX, sourceY, sourcePosition: Position.Right, targetX, targetY, targetPosition: Position.Left };
  if (laneY === undefined || !isBackWire(ends)) return getBezierPath(sides)[0];
  return getSmoothStepPath({ ...sides, centerY: laneY, borderRadius: 8, offset: STUB })[0];
}

/**
 * The y of a back wire's long leg: in the free band between the nodes it passes (every node the leg's
 * span overlaps, its ends' too) nearest the middle of its ends, or above or below them all.
 */
export function backWireLane(ends: WireEnds, boxes: readonly Box[]): number {
  const left = ends.targetX - STUB;
  const right = ends.sourceX + STUB;
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
