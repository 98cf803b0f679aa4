import { canonicalJson } from './canonical-json';
import type { GraphNode, PipelineGraph } from './graph-types';
import { outputShapingParams, resolveNodeParams } from './node-params';
import { getNodeType } from './registry';

/** Why a node's last-run result no longer describes it. */
export type StaleReason = 'added' | 'changed' | 'upstream';

/**
 * Which nodes of `current` would produce something else than they did in the run of `ran` (the version
 * the run pinned): a node is stale when it is new, when its own recipe (type, code version, params as
 * resolved, the wiring into it) differs, or when a step upstream of it is stale. Labels, positions and
 * preview settings do not count: they change nothing a run computes. The same recipe as the content key
 * (`content-key.ts`), minus datasets' bytes, which the browser cannot see; it runs in the browser.
 */
export function findStaleNodes(ran: PipelineGraph, current: PipelineGraph): Map<string, StaleReason> {
  const before = new Map(ran.nodes.map((n) => [n.id, recipeOf(n, ran)]));
  const nodes = new Map(current.nodes.map((n) => [n.id, n]));
  const reasons = new Map<string, StaleReason | null>();
  const visit = (id: string): StaleReason | null => {
    if (reasons.has(id)) return reasons.get(id)!;
    // Mark first: a loop (which cannot run anyway) ends here instead of recursing forever.
    reasons.set(id, null);
    const node = nodes.get(id)!;
    const old = before.get(id);
    let reason: StaleReason | null = old === undefined ? 'added' : old !== recipeOf(node, current) ? 'changed' : null;
    if (!reason) {
      const sources = current.edges.filter((e) => e.target === id && nodes.has(e.source)).map((e) => e.source);
      if (sources.some((s) => visit(s) !== null)) reason = 'upstream';
    }
    reasons.set(id, reason);
    return reason;
  };
  const stale = new Map<string, StaleReason>();
  for (const id of nodes.keys()) {
    const reason = visit(id);
    if (reason) stale.set(id, reason);
  }
  return stale;
}

function recipeOf(node: GraphNode, graph: PipelineGraph): string {
  const def = getNodeType(node.type);
  // Resolved params, so `{}` and the explicit defaults (or an older saved version, migrated) compare equal.
  const resolved = def ? resolveNodeParams(node, def) : undefined;
  const inputs = graph.edges
    .filter((e) => e.target === node.id)
    .map((e) => `${e.targetPort}<-${e.source}.${e.sourcePort}`)
    .sort();
  return canonicalJson({
    type: node.type,
    version: def?.version ?? node.version,
    params: outputShapingParams(resolved?.ok ? resolved.params : node.params, def),
    inputs,
  });
}
