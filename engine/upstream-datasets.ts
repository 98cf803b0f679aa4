import type { DatasetRef } from './define-node';
import { collectAncestors } from './execute';
import type { PipelineGraph } from './graph-types';
import { resolveNodeParams } from './node-params';
import { getNodeType } from './registry';

/**
 * The datasets read by `nodeId` and every node upstream of it (Dataset, Fetch from URL), in graph
 * order, each once: what a model was trained from, for its lineage. Nodes whose params do not resolve
 * cannot have run, so they add nothing.
 */
export function upstreamDatasets(graph: PipelineGraph, nodeId: string): DatasetRef[] {
  const ancestors = collectAncestors(graph, nodeId);
  const seen = new Set<string>();
  return graph.nodes.flatMap((node) => {
    const def = getNodeType(node.type);
    const resolved = def && ancestors.has(node.id) ? resolveNodeParams(node, def) : undefined;
    if (!def?.datasets || !resolved?.ok) return [];
    return def.datasets(resolved.params).filter((ref) => {
      const key = JSON.stringify(ref);
      return !seen.has(key) && Boolean(seen.add(key));
    });
  });
}
