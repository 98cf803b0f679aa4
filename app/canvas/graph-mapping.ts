import type { Connection, XYPosition } from '@xyflow/react';
import type { NodeDefinition } from '../../engine/define-node';
import type { PipelineGraph } from '../../engine/graph-types';
import { getNodeType } from '../../engine/registry';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';
import { defaultParams } from './param-schema';

export const NODE_WIDTH = 208;
export const NODE_HEIGHT = 130;
export const NODE_GAP = 56;

export function edgeId(source: string, sourcePort: string, target: string, targetPort: string) {
  return `${source}.${sourcePort}->${target}.${targetPort}`;
}

/** Nodes saved by an older version of their type are migrated on load, so the form shows what will run. */
export function toFlowNodes(graph: PipelineGraph): PipelineFlowNode[] {
  return graph.nodes.map((n) => {
    const def = getNodeType(n.type);
    const migrate = def?.migrate && n.version < def.version ? def.migrate : undefined;
    const current = migrate ? { version: def!.version, params: migrate(n.params, n.version) as Record<string, unknown> } : { version: n.version, params: n.params };
    return { id: n.id, type: 'pipeline', position: n.position, data: { type: n.type, ...current, label: n.label, ...(n.note ? { note: n.note } : {}) } };
  });
}

export function toFlowEdges(graph: PipelineGraph): PipelineFlowEdge[] {
  return graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    sourceHandle: e.sourcePort,
    target: e.target,
    targetHandle: e.targetPort,
  }));
}

/** The saved shape: what the server stores and analyzeGraph reads. */
export function toPipelineGraph(nodes: PipelineFlowNode[], edges: PipelineFlowEdge[]): PipelineGraph {
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.data.type,
      version: n.data.version,
      params: n.data.params,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      ...(n.data.label ? { label: n.data.label } : {}),
      ...(n.data.note ? { note: n.data.note } : {}),
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourcePort: e.sourceHandle ?? '',
      target: e.target,
      targetPort: e.targetHandle ?? '',
    })),
  };
}

/** Stable, readable ids: `train-1`, `train-2`, … (the smallest free number). */
export function nextNodeId(type: string, nodes: readonly { id: string }[]) {
  const taken = new Set(nodes.map((n) => n.id));
  let i = 1;
  while (taken.has(`${type}-${i}`)) i++;
  return `${type}-${i}`;
}

export function createFlowNode(def: NodeDefinition, position: XYPosition, nodes: readonly PipelineFlowNode[]): PipelineFlowNode {
  return {
    id: nextNodeId(def.type, nodes),
    type: 'pipeline',
    position,
    selected: true,
    data: { type: def.type, version: def.version, params: defaultParams(def) },
  };
}

/** A free spot near `origin`: walks a grid until the node's box overlaps no other node. */
export function findFreePosition(origin: XYPosition, nodes: readonly PipelineFlowNode[]): XYPosition {
  const overlaps = (p: XYPosition) =>
    nodes.some((n) => {
      const w = n.measured?.width ?? NODE_WIDTH;
      const h = n.measured?.height ?? NODE_HEIGHT;
      return p.x < n.position.x + w + 24 && p.x + NODE_WIDTH + 24 > n.position.x && p.y < n.position.y + h + 24 && p.y + NODE_HEIGHT + 24 > n.position.y;
    });
  for (let ring = 0; ring < 12; ring++) {
    for (let dx = 0; dx <= ring; dx++) {
      for (const dy of ring === 0 ? [0] : [ring, -ring, 0]) {
        const p = { x: Math.round(origin.x + dx * (NODE_WIDTH + NODE_GAP)), y: Math.round(origin.y + dy * (NODE_HEIGHT + 30)) };
        if (!overlaps(p)) return p;
      }
    }
  }
  return { x: origin.x + 40, y: origin.y + 40 };
}

type Lookup = (type: string) => NodeDefinition | undefined;

/** Why a connection is not allowed, or undefined when it is fine. */
export function connectionProblem(
  c: Connection | PipelineFlowEdge,
  nodes: readonly PipelineFlowNode[],
  edges: readonly PipelineFlowEdge[],
  lookup: Lookup,
): string | undefined {
  if (!c.source || !c.target || !c.sourceHandle || !c.targetHandle) return 'Connect an output to an input.';
  if (c.source === c.target) return 'A node cannot feed itself.';
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  const out = source && lookup(source.data.type)?.outputs.find((p) => p.name === c.sourceHandle);
  const inp = target && lookup(target.data.type)?.inputs.find((p) => p.name === c.targetHandle);
  if (!out || !inp) return 'Unknown port.';
  if (!out.kinds.some((k) => inp.kinds.includes(k))) return `${out.label} cannot feed ${inp.label}.`;
  if (inp.many && edges.some((e) => e.source === c.source && e.sourceHandle === c.sourceHandle && e.target === c.target && e.targetHandle === c.targetHandle)) {
    return `${out.label} is already connected to ${inp.label}.`;
  }
  if (reaches(c.target, c.source, keptEdges(c, edges, lookup(target.data.type)))) return 'That connection would make a loop.';
  return undefined;
}

/**
 * The wires that stay when `c` is drawn. A wire dropped on an input that has one replaces it, so a step can be
 * put between two connected ones without first deleting their wire; an input that takes many keeps them all.
 */
export function keptEdges<E extends PipelineFlowEdge>(c: Connection | PipelineFlowEdge, edges: readonly E[], targetDef: NodeDefinition | undefined): E[] {
  if (targetDef?.inputs.find((p) => p.name === c.targetHandle)?.many) return [...edges];
  return edges.filter((e) => !(e.target === c.target && e.targetHandle === c.targetHandle));
}

function reaches(from: string, to: string, edges: readonly PipelineFlowEdge[]) {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}
