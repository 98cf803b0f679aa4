import { BaseEdge, useInternalNode, type EdgeProps, type InternalNode } from '@xyflow/react';
import { wirePath, type Box } from './wire-path';

function boxOf(node: InternalNode | undefined): Box | undefined {
  const width = node?.measured.width;
  const height = node?.measured.height;
  if (!node || width === undefined || height === undefined) return undefined;
  return { ...node.internals.positionAbsolute, width, height };
}

/** Every canvas's wire: a curve forwards, right angles around the nodes backwards (wire-path.ts). */
export function PipelineEdge(props: EdgeProps) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, style, markerStart, markerEnd, interactionWidth } = props;
  const path = wirePath({ sourceX, sourceY, targetX, targetY, source: boxOf(useInternalNode(source)), target: boxOf(useInternalNode(target)) });
  return <BaseEdge id={id} path={path} style={style} markerStart={markerStart} markerEnd={markerEnd} interactionWidth={interactionWidth} />;
}

/** Replaces React Flow's default wire, so edges need no type of their own. */
export const flowEdgeTypes = { default: PipelineEdge };
