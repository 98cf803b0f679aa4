import type { XYPosition } from '@xyflow/react';
import type { PipelineGraph } from '../../engine/graph-types';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';
import { edgeId, nextNodeId, toFlowNodes, toPipelineGraph } from './graph-mapping';

/** What copy puts on the clipboard: the selected nodes in their saved shape, and the wires among them. */
export type ClipboardGraph = Pick<PipelineGraph, 'nodes' | 'edges'>;

/** Where a paste lands when no point is given: this far right and down of the copied nodes. */
export const PASTE_OFFSET = 40;

/** The selected nodes and every edge whose two ends are among them; undefined when no node is selected. */
export function copySelection(nodes: readonly PipelineFlowNode[], edges: readonly PipelineFlowEdge[]): ClipboardGraph | undefined {
  const picked = nodes.filter((n) => n.selected);
  if (!picked.length) return undefined;
  const ids = new Set(picked.map((n) => n.id));
  return toPipelineGraph(
    picked,
    edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  );
}

/**
 * Adds a copy of `clip` with fresh ids (the smallest free `type-n`), the same params, label and note, and
 * the copied wires among them. The copies become the selection. With `at`, the copies' top-left corner goes
 * there; otherwise they sit PASTE_OFFSET right and down of the originals, further while that spot is taken.
 */
export function pasteGraph(
  nodes: readonly PipelineFlowNode[],
  edges: readonly PipelineFlowEdge[],
  clip: ClipboardGraph,
  at?: XYPosition,
): { nodes: PipelineFlowNode[]; edges: PipelineFlowEdge[] } {
  if (!clip.nodes.length) return { nodes: [...nodes], edges: [...edges] };
  const left = Math.min(...clip.nodes.map((n) => n.position.x));
  const top = Math.min(...clip.nodes.map((n) => n.position.y));
  let shift = at ? { x: at.x - left, y: at.y - top } : { x: PASTE_OFFSET, y: PASTE_OFFSET };
  const taken = new Set(nodes.map((n) => `${Math.round(n.position.x)},${Math.round(n.position.y)}`));
  const lands = (s: XYPosition) => clip.nodes.some((n) => taken.has(`${Math.round(n.position.x + s.x)},${Math.round(n.position.y + s.y)}`));
  for (let i = 0; !at && i < 50 && lands(shift); i++) shift = { x: shift.x + PASTE_OFFSET, y: shift.y + PASTE_OFFSET };

  const ids = new Map<string, string>();
  const all: { id: string }[] = [...nodes];
  for (const n of clip.nodes) {
    const id = nextNodeId(n.type, all);
    ids.set(n.id, id);
    all.push({ id });
  }
  const copies = toFlowNodes({
    nodes: clip.nodes.map((n) => ({ ...n, id: ids.get(n.id)!, position: { x: Math.round(n.position.x + shift.x), y: Math.round(n.position.y + shift.y) } })),
    edges: [],
  }).map((n) => ({ ...n, selected: true }));
  const wires: PipelineFlowEdge[] = clip.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => {
      const source = ids.get(e.source)!;
      const target = ids.get(e.target)!;
      return { id: edgeId(source, e.sourcePort, target, e.targetPort), source, sourceHandle: e.sourcePort, target, targetHandle: e.targetPort, selected: true };
    });
  return {
    nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...copies],
    edges: [...edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...wires],
  };
}

/** Removes the selected nodes (with their wires) and the selected wires; the same arrays when nothing is selected. */
export function deleteSelection(nodes: PipelineFlowNode[], edges: PipelineFlowEdge[]) {
  if (!nodes.some((n) => n.selected) && !edges.some((e) => e.selected)) return { nodes, edges };
  const kept = nodes.filter((n) => !n.selected);
  const ids = new Set(kept.map((n) => n.id));
  return { nodes: kept, edges: edges.filter((e) => !e.selected && ids.has(e.source) && ids.has(e.target)) };
}

/**
 * A clipboard payload read back: the shape checked field by field, since it may come from another tab,
 * another version of the app or anything the user copied. The server validates the saved graph again.
 */
export function parseClipboardGraph(value: unknown): ClipboardGraph | undefined {
  const v = value as { nodes?: unknown; edges?: unknown } | null;
  if (!v || !Array.isArray(v.nodes) || !Array.isArray(v.edges) || v.nodes.length > 500 || v.edges.length > 2000) return undefined;
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  const nodesOk = v.nodes.every(
    (n) =>
      isObject(n) &&
      typeof n.id === 'string' &&
      typeof n.type === 'string' &&
      typeof n.version === 'number' &&
      isObject(n.params) &&
      isObject(n.position) &&
      Number.isFinite(n.position.x) &&
      Number.isFinite(n.position.y) &&
      (n.label === undefined || typeof n.label === 'string') &&
      (n.note === undefined || typeof n.note === 'string'),
  );
  const edgesOk = v.edges.every(
    (e) => isObject(e) && ['id', 'source', 'sourcePort', 'target', 'targetPort'].every((k) => typeof e[k] === 'string'),
  );
  return nodesOk && edgesOk ? (v as ClipboardGraph) : undefined;
}
