import { BaseEdge, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { wireLane, wirePath, type Box, type WireEnds } from './wire-path';

/** The measured nodes' boxes, listed once per store state for all the wires reading it (not once per wire). */
const boxesOfState = new WeakMap<ReactFlowState, Box[]>();

function nodeBoxes(state: ReactFlowState): Box[] {
  let boxes = boxesOfState.get(state);
  if (boxes) return boxes;
  boxes = [];
  for (const node of state.nodeLookup.values()) {
    const { width, height } = node.measured;
    if (width !== undefined && height !== undefined) boxes.push({ ...node.internals.positionAbsolute, width, height });
  }
  boxesOfState.set(state, boxes);
  return boxes;
}

/** Every canvas's wire: a curve forwards, right angles round the nodes backwards or past a node in the way (wire-path.ts). */
export function PipelineEdge({ id, sourceX, sourceY, targetX, targetY, style, markerStart, markerEnd, interactionWidth }: EdgeProps) {
  const ends: WireEnds = { sourceX, sourceY, targetX, targetY };
  // A number, so the wire redraws only when its lane moves, not on every change to the canvas.
  const laneY = useStore((state) => wireLane(ends, nodeBoxes(state)));
  return <BaseEdge id={id} path={wirePath(ends, laneY)} style={style} markerStart={markerStart} markerEnd={markerEnd} interactionWidth={interactionWidth} />;
}

/** Replaces React Flow's default wire, so edges need no type of their own. */
export const flowEdgeTypes = { default: PipelineEdge };
