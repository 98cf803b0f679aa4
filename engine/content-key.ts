// node:crypto is acceptable here although the engine is otherwise pure: content keys are only computed
// on the server (web process, its preview worker threads, run workers), never in the browser.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { UserError, type DatasetRef, type NodeDefinition } from './define-node';
import type { GraphNode, PipelineGraph } from './graph-types';
import { nameNode, outputShapingParams, resolveNodeParams } from './node-params';
import { getNodeType } from './registry';

/**
 * The ONE definition of a node output's content key: a sha256 over everything that decides the output,
 * so equal keys mean equal outputs. Previews cache sample outputs under it; runs will skip nodes whose
 * key already has a stored output. Bump KEY_FORMAT when the recipe below changes, so old keys stop matching.
 */
// 2: table outputs carry the steps replayed since the raw rows (TableValue.fitted), so outputs stored under 1 lack them.
// 3: a source's 'Also read as missing' tokens go with its rows to the model (TableSchema.missingTokens).
const KEY_FORMAT = 3;

export { canonicalJson };

/** Which rows a preview reads from each source node; part of source keys, so each spec caches separately. */
export type SampleSpec = { mode: 'head'; rows: number } | { mode: 'random'; rows: number; seed: number };

/**
 * Supplied by the host: a string that changes whenever the referenced dataset's bytes change
 * (for an upload, its version id plus sha256; for a bundled sample, its name and file checksum).
 * Undefined when the dataset is unknown (e.g. a deleted upload).
 */
export interface DatasetIdentities {
  identifyDataset(ref: DatasetRef): string | undefined;
}

/**
 * Returns `keyOf(nodeId)`, memoized, computing only the asked node and its ancestors, so a broken
 * sibling branch (say, a deleted dataset) does not stop keys elsewhere. Throws UserError naming the
 * node for a loop, a connection from a missing step, or an unknown dataset.
 * `sample` is mixed into source nodes' keys only; descendants inherit it through their input keys.
 * Without `sample` the key is a run's: the node over the full data.
 * `known` holds keys decided earlier with this same recipe (a run settles a Fetch node's key only once
 * it has read the URL's content), so descendants derive theirs from them.
 */
export function createContentKeys(
  graph: PipelineGraph,
  host: DatasetIdentities,
  sample?: SampleSpec,
  known?: ReadonlyMap<string, string>,
): (nodeId: string) => string {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const keys = new Map<string, string>(known);
  const visiting = new Set<string>();
  const keyOf = (nodeId: string): string => {
    const known = keys.get(nodeId);
    if (known) return known;
    const node = nodes.get(nodeId);
    if (!node) throw new UserError(`The step '${nodeId}' is not in this pipeline.`);
    if (visiting.has(nodeId)) throw new UserError(`${nameNode(node, getNodeType(node.type))} is part of a loop. Remove a connection so data flows one way.`);
    visiting.add(nodeId);
    const key = hashNode(node, graph, host, sample, keyOf);
    visiting.delete(nodeId);
    keys.set(nodeId, key);
    return key;
  };
  return keyOf;
}

/** Keys of every node in the graph (throws on the first node whose key cannot be computed). */
export function computeContentKeys(graph: PipelineGraph, host: DatasetIdentities, sample?: SampleSpec): Map<string, string> {
  const keyOf = createContentKeys(graph, host, sample);
  return new Map(graph.nodes.map((n) => [n.id, keyOf(n.id)]));
}

function hashNode(node: GraphNode, graph: PipelineGraph, host: DatasetIdentities, sample: SampleSpec | undefined, keyOf: (id: string) => string): string {
  const def = getNodeType(node.type);
  // Resolved params (migrated, defaults filled in) so `{}` and the explicit defaults share a key;
  // invalid params cannot run, so hashing them raw is only for a stable answer.
  const resolved = def ? resolveNodeParams(node, def) : undefined;
  const params = outputShapingParams(resolved?.ok ? resolved.params : node.params, def);
  const inputs = graph.edges
    .filter((e) => e.target === node.id)
    .map((e) => {
      if (!graph.nodes.some((n) => n.id === e.source)) {
        throw new UserError(`A connection into ${nameNode(node, def)} comes from a step that no longer exists. Delete the connection.`);
      }
      return { port: e.targetPort, source: keyOf(e.source), sourcePort: e.sourcePort };
    })
    .sort((a, b) => (a.port < b.port ? -1 : a.port > b.port ? 1 : 0));
  const recipe = {
    format: KEY_FORMAT,
    type: node.type,
    // The code that runs is def.version (older saves are migrated first), not the saved version.
    version: def?.version ?? node.version,
    params,
    inputs,
    datasets: def && resolved?.ok ? identifyDatasets(node, def, resolved.params, host) : [],
    sample: inputs.length === 0 ? (sample ?? null) : null,
  };
  return createHash('sha256').update(canonicalJson(recipe)).digest('hex');
}

function identifyDatasets(node: GraphNode, def: NodeDefinition, params: Record<string, unknown>, host: DatasetIdentities): string[] {
  return (def.datasets?.(params) ?? []).map((ref) => {
    const identity = host.identifyDataset(ref);
    if (identity === undefined) {
      if (ref.source === 'url') throw new UserError(`${nameNode(node, def)}: ${ref.url} has not been read yet. Preview this step or run the pipeline to read it.`);
      const what = ref.source === 'sample' ? `sample '${ref.name}'` : `uploaded dataset version '${ref.datasetVersionId}'`;
      throw new UserError(`${nameNode(node, def)}: the ${what} was not found. It may have been deleted; pick another dataset.`);
    }
    return identity;
  });
}
