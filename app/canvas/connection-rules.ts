import type { Connection, Handle } from '@xyflow/react';
import type { NodeDefinition, PortKind } from '../../engine/define-node';
import { describePortMismatch } from '../../engine/port-mismatch';
import { nodeTypes } from '../../engine/registry';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';
import { keptEdges } from './graph-mapping';

type Lookup = (type: string) => NodeDefinition | undefined;
/** What an output actually carries once the graph is analysed (a table through Impute stays a table), if known. */
export type CarriedKind = (nodeId: string, port: string) => PortKind | undefined;

export const nodeName = (node: PipelineFlowNode | undefined, lookup: Lookup) =>
  node ? node.data.label || lookup(node.data.type)?.title || node.id : 'this node';

/** Why a connection is not allowed, said so the user knows what to do instead; undefined when it is fine. */
export function connectionProblem(
  c: Connection | PipelineFlowEdge,
  nodes: readonly PipelineFlowNode[],
  edges: readonly PipelineFlowEdge[],
  lookup: Lookup,
  carried?: CarriedKind,
): string | undefined {
  if (!c.source || !c.target || !c.sourceHandle || !c.targetHandle) return 'Connect an output to an input.';
  if (c.source === c.target) return 'A node cannot feed itself: connect it to another node.';
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  const targetDef = target && lookup(target.data.type);
  const out = source && lookup(source.data.type)?.outputs.find((p) => p.name === c.sourceHandle);
  const inp = targetDef?.inputs.find((p) => p.name === c.targetHandle);
  if (!out || !inp || !targetDef) return 'Unknown port.';
  const sourceName = nodeName(source, lookup);
  const targetName = nodeName(target, lookup);
  const actual = carried?.(c.source, c.sourceHandle);
  const given = actual && out.kinds.includes(actual) ? [actual] : out.kinds;
  if (!given.some((k) => inp.kinds.includes(k))) {
    return describePortMismatch({ sourceName, given, targetName, input: inp, targetInputs: targetDef.inputs.length, registry: nodeTypes });
  }
  if (inp.many && edges.some((e) => e.source === c.source && e.sourceHandle === c.sourceHandle && e.target === c.target && e.targetHandle === c.targetHandle)) {
    return `${sourceName}'s ${out.label} is already connected to ${targetName}'s ${inp.label} input.`;
  }
  if (reaches(c.target, c.source, keptEdges(c, edges, targetDef))) {
    return `That would make a loop: ${targetName} already feeds ${sourceName}. Pipelines flow one way, left to right.`;
  }
  return undefined;
}

/**
 * The connection a wire dragged between two handles stands for (it may be drawn from an input back to an
 * output), or why two handles of one side cannot be joined.
 */
export function connectionBetween(from: Handle, to: Handle): Connection | { problem: string } {
  if (from.type === to.type) {
    return { problem: from.type === 'source' ? 'Both ends are outputs: drop the wire on an input, on the left side of a node.' : 'Both ends are inputs: drop the wire on an output, on the right side of a node.' };
  }
  const [s, t] = from.type === 'source' ? [from, to] : [to, from];
  return { source: s.nodeId, sourceHandle: s.id ?? null, target: t.nodeId, targetHandle: t.id ?? null };
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
