import type { GraphEdge, GraphNode, PipelineGraph } from './graph-types';

/**
 * Node-level comparison and three-way merge of saved graphs: the history panel says what each version
 * changed, and the conflict dialog merges two editors' work. A node owns its incoming connections, so
 * "re-wired" is a change of the node at the receiving end.
 */

export type NodeChange = {
  id: string;
  /** Parameters (and the label, as "label") whose values differ; empty when only the wiring changed. */
  params: string[];
  rewired: boolean;
};

export type GraphDiff = {
  added: string[];
  removed: string[];
  changed: NodeChange[];
  /** Nodes whose only change is their place on the canvas. */
  moved: string[];
};

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const edgeKey = (e: GraphEdge) => `${e.source}\u0001${e.sourcePort}\u0001${e.target}\u0001${e.targetPort}`;

function inputsOf(graph: PipelineGraph, id: string) {
  return graph.edges
    .filter((e) => e.target === id)
    .map(edgeKey)
    .sort();
}

function changedParams(a: GraphNode, b: GraphNode) {
  const keys = new Set([...Object.keys(a.params), ...Object.keys(b.params)]);
  const params = [...keys].filter((k) => !same(a.params[k], b.params[k])).sort();
  if ((a.label ?? '') !== (b.label ?? '')) params.push('label');
  if (a.type !== b.type || a.version !== b.version) params.push('type');
  return params;
}

/** What changed, node by node, from `before` to `after`. */
export function diffGraphs(before: PipelineGraph, after: PipelineGraph): GraphDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const next = new Map(after.nodes.map((n) => [n.id, n]));
  const diff: GraphDiff = { added: [], removed: [], changed: [], moved: [] };
  for (const n of after.nodes) {
    const prev = old.get(n.id);
    if (!prev) {
      diff.added.push(n.id);
      continue;
    }
    const params = changedParams(prev, n);
    const rewired = !same(inputsOf(before, n.id), inputsOf(after, n.id));
    if (params.length || rewired) diff.changed.push({ id: n.id, params, rewired });
    else if (prev.position.x !== n.position.x || prev.position.y !== n.position.y) diff.moved.push(n.id);
  }
  for (const n of before.nodes) if (!next.has(n.id)) diff.removed.push(n.id);
  return diff;
}

/** A node as the merge sees it: its settings and its incoming connections; absent = deleted. */
type NodeState = { node: GraphNode; inputs: GraphEdge[] } | undefined;

function stateOf(graph: PipelineGraph, id: string): NodeState {
  const node = graph.nodes.find((n) => n.id === id);
  return node && { node, inputs: graph.edges.filter((e) => e.target === id) };
}

/** Equal ignoring the position: moving a node never conflicts. */
function sameContent(a: NodeState, b: NodeState) {
  if (!a || !b) return a === b;
  const { position: _a, ...na } = a.node;
  const { position: _b, ...nb } = b.node;
  return same(na, nb) && same(a.inputs.map(edgeKey).sort(), b.inputs.map(edgeKey).sort());
}

export type Side = 'mine' | 'theirs';

/** A node both sides changed differently since the common base; the user picks a side for it. */
export type MergeConflict = { id: string; mine: NodeState; theirs: NodeState };

/** The nodes that need a choice to merge `mine` and `theirs`, which both started from `base`. */
export function findConflicts(base: PipelineGraph, mine: PipelineGraph, theirs: PipelineGraph): MergeConflict[] {
  const ids = new Set([...mine.nodes, ...theirs.nodes, ...base.nodes].map((n) => n.id));
  const conflicts: MergeConflict[] = [];
  for (const id of ids) {
    const [b, m, t] = [stateOf(base, id), stateOf(mine, id), stateOf(theirs, id)];
    if (!sameContent(m, b) && !sameContent(t, b) && !sameContent(m, t)) conflicts.push({ id, mine: m, theirs: t });
  }
  return conflicts;
}

/**
 * Three-way merge by node: a node changed on one side only takes that side; a node changed on both
 * takes `choices[id]` (default mine). Positions follow whichever side moved the node. Connections come
 * with the node that receives them and are dropped when their source node is gone from the result.
 */
export function mergeGraphs(base: PipelineGraph, mine: PipelineGraph, theirs: PipelineGraph, choices: Record<string, Side> = {}): PipelineGraph {
  const order = [...mine.nodes.map((n) => n.id), ...theirs.nodes.map((n) => n.id)];
  const ids = [...new Set(order)];
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const id of ids) {
    const [b, m, t] = [stateOf(base, id), stateOf(mine, id), stateOf(theirs, id)];
    const mineChanged = !sameContent(m, b);
    const theirsChanged = !sameContent(t, b);
    const side: Side = mineChanged && theirsChanged ? (choices[id] ?? 'mine') : theirsChanged ? 'theirs' : 'mine';
    const picked = side === 'mine' ? m : t;
    if (!picked) continue;
    const other = side === 'mine' ? t : m;
    const moved = (s: NodeState) => s && b && (s.node.position.x !== b.node.position.x || s.node.position.y !== b.node.position.y);
    const position = other && !moved(picked) && moved(other) ? other.node.position : picked.node.position;
    nodes.push({ ...picked.node, position });
    edges.push(...picked.inputs);
  }
  const kept = new Set(nodes.map((n) => n.id));
  const settingsChanged = !same(mine.settings ?? {}, base.settings ?? {});
  const settings = settingsChanged ? mine.settings : theirs.settings;
  return {
    nodes,
    edges: edges.filter((e) => kept.has(e.source)),
    ...(settings ? { settings } : {}),
  };
}
