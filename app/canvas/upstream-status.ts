import type { NodeDefinition } from '../../engine/define-node';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';
import { nodeName } from './connection-rules';

export const NOT_CONNECTED = 'Connect an input to choose columns.';

/**
 * Why a column picker on `port` of `nodeId` has no columns to offer: nothing is connected, or the nearest
 * node upstream that has a problem, with that problem, so the user fixes the cause rather than this node.
 */
export function whyNoColumns(
  nodeId: string,
  port: string | undefined,
  nodes: readonly PipelineFlowNode[],
  edges: readonly PipelineFlowEdge[],
  problems: ReadonlyMap<string, string[]>,
  lookup: (type: string) => NodeDefinition | undefined,
): string {
  const wire = edges.find((e) => e.target === nodeId && (port === undefined || e.targetHandle === port));
  if (!wire) return NOT_CONNECTED;
  const seen = new Set<string>();
  let frontier = [wire.source];
  // Breadth first, so the nearest broken step is named, not a distant one it inherits from.
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      const message = problems.get(id)?.[0];
      if (message) return `No columns yet: ${nodeName(nodes.find((n) => n.id === id), lookup)} upstream has a problem. ${message}`;
      for (const e of edges) if (e.target === id) next.push(e.source);
    }
    frontier = next;
  }
  return (problems.get(nodeId)?.length ?? 0) > 0 ? 'No columns yet: see this node’s problems above.' : 'No columns yet: the upstream columns are still being read.';
}
