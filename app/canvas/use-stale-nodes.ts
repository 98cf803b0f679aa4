import { useRef } from 'react';
import type { PipelineGraph } from '../../engine/graph-types';
import { findStaleNodes, type StaleReason } from '../../engine/stale-nodes';
import type { PipelineFlowEdge, PipelineFlowNode, PipelineNodeData } from './editor-types';
import { toPipelineGraph } from './graph-mapping';

const none: ReadonlyMap<string, StaleReason> = new Map();

type Memo = { pinned: PipelineGraph; edges: PipelineFlowEdge[]; data: PipelineNodeData[]; stale: ReadonlyMap<string, StaleReason> };

/**
 * Nodes changed since the shown run. Recomputed only when a node's data (type, params, label), the edges
 * or the run change: dragging replaces node objects but keeps their data, so a drag frame costs a scan.
 */
export function useStaleNodes(pinned: PipelineGraph | undefined, nodes: PipelineFlowNode[], edges: PipelineFlowEdge[]): ReadonlyMap<string, StaleReason> {
  const memo = useRef<Memo>();
  if (!pinned) return none;
  const data = nodes.map((n) => n.data);
  const last = memo.current;
  if (last && last.pinned === pinned && last.edges === edges && last.data.length === data.length && last.data.every((d, i) => d === data[i])) {
    return last.stale;
  }
  const stale = findStaleNodes(pinned, toPipelineGraph(nodes, edges));
  memo.current = { pinned, edges, data, stale };
  return stale;
}
