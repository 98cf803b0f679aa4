import type { DatasetIdentities } from '../engine/content-key';
import type { SchemaContext } from '../engine/define-node';
import { analyzeGraph } from '../engine/graph';
import type { GraphProblem, PipelineGraph } from '../engine/graph-types';
import { resolveNodeParams } from '../engine/node-params';
import { getNodeType } from '../engine/registry';
import { startKeys } from './output-cache';

export type StartCheck = { problems: readonly GraphProblem[]; keys: ReadonlyMap<string, string | null> };

const KEPT = 256;
const kept = new Map<string, StartCheck>();

/**
 * The graph's problems and its nodes' content keys at a run's start. Both follow from the graph and the
 * datasets it reads, so they are kept per graph (`graphTag`: a pipeline's id and draft revision, or a saved
 * version's id) and per identity of each dataset read: a rerun of an unchanged pipeline does not check and
 * hash it again. A deleted upload changes the identities (the run then reports it as before). Graphs reading a
 * URL are checked every time: a URL's columns can change between fetches.
 */
export async function checkStart(graph: PipelineGraph, graphTag: string, identities: DatasetIdentities, schemas: () => Promise<SchemaContext>): Promise<StartCheck> {
  const stamp = datasetsStamp(graph, identities);
  const key = stamp === null ? null : `${graphTag}\n${stamp}`;
  const hit = key === null ? undefined : kept.get(key);
  if (hit) {
    // Most recently used last, so the oldest goes first.
    kept.delete(key!);
    kept.set(key!, hit);
    return hit;
  }
  // Read only now: for a graph reading uploads, the schemas cost a query that a kept check does without.
  const check: StartCheck = { problems: analyzeGraph(graph, await schemas()).problems, keys: startKeys(graph, identities) };
  if (key !== null) {
    kept.set(key, check);
    if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  }
  return check;
}

/** The identities of the datasets the graph reads, in node order; null when it reads a URL. */
function datasetsStamp(graph: PipelineGraph, identities: DatasetIdentities): string | null {
  const parts: string[] = [];
  for (const node of graph.nodes) {
    const def = getNodeType(node.type);
    if (!def?.datasets) continue;
    const params = resolveNodeParams(node, def);
    if (!params.ok) continue;
    for (const ref of def.datasets(params.params)) {
      if (ref.source === 'url') return null;
      parts.push(identities.identifyDataset(ref) ?? `missing ${JSON.stringify(ref)}`);
    }
  }
  return parts.join('\n');
}
