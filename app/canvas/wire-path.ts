import { getBezierPath, getSmoothStepPath, Position } from '@xyflow/react';

export type Box = { x: number; y: number; width: number; height: number };
export type WireEnds = { sourceX: number; sourceY: number; targetX: number; targetY: number; source?: Box; target?: Box };

/** How far a wire runs out of a port before it turns, and how far a back wire keeps from the nodes it passes. */
const STUB = 20;
const CLEARANCE = 24;
/** The narrowest gap between two rows that a back wire's leg runs through rather than going below both. */
const MIN_GAP = 16;

/**
 * A wire's SVG path. A wire into a port to the right of its source is the usual
 * curve. A wire back to the left (the return wire of a two-row pipeline, or a loop drawn backwards)
 * would cut across the nodes between its ends as a curve, so it runs in right angles instead, its
 * long leg through the gap between the two nodes' rows, or below both when they share a row, as
 * n8n and KNIME draw such wires.
 */
export function wirePath({ sourceX, sourceY, targetX, targetY, source, target }: WireEnds): string {
  const ends = { sourceX, sourceY, sourcePosition: Position.Right, targetX, targetY, targetPosition: Position.Left };
  if (targetX >= sourceX + STUB || !source || !target) return getBezierPath(ends)[0];
  return getSmoothStepPath({ ...ends, centerY: backLegY(source, target), borderRadius: 8, offset: STUB })[0];
}

/** The y of a back wire's long leg: mid-gap when one node lies wholly above the other, else below both. */
function backLegY(source: Box, target: Box): number {
  const [upper, lower] = source.y <= target.y ? [source, target] : [target, source];
  const gapTop = upper.y + upper.height;
  if (lower.y - gapTop >= MIN_GAP) return (gapTop + lower.y) / 2;
  return Math.max(source.y + source.height, target.y + target.height) + CLEARANCE;
}
