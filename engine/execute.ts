import { UserError, type ManyValue, type NodeInputValues, type PortValue, type RunContext } from './define-node';
import type { GraphEdge, PipelineGraph } from './graph-types';
import { sortTopologically } from './graph';
import { labelOf, nameNode, resolveNodeParams } from './node-params';
import { getNodeType } from './registry';

export type GetInput = (sourceNodeId: string, sourcePort: string) => Promise<PortValue>;

/**
 * Runs one node: migrates and validates its params, fetches its inputs through `getInput`
 * (the worker reads stored outputs, previews read a cache) and calls the node's `run`.
 */
export async function runGraphNode(graph: PipelineGraph, nodeId: string, getInput: GetInput, ctx: RunContext): Promise<Record<string, PortValue>> {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) throw new UserError(`The step '${nodeId}' is not in this pipeline.`);
  const def = getNodeType(node.type);
  const name = nameNode(node, def);
  if (!def) throw new UserError(`${name}: unknown step type '${node.type}'. It may come from a newer version of Pipewright.`);
  const params = resolveNodeParams(node, def);
  if (!params.ok) throw new UserError(params.messages.join(' '));
  const inputs: NodeInputValues = {};
  for (const port of def.inputs) {
    const edges = graph.edges.filter((e: GraphEdge) => e.target === nodeId && e.targetPort === port.name);
    if (edges.length === 0) throw new UserError(`Connect a ${port.kinds.join(' or ')} to the '${port.label}' input of ${name}.`);
    if (edges.length > 1 && !port.many) throw new UserError(`The '${port.label}' input of ${name} has ${edges.length} connections; it takes one. Delete the others.`);
    const items: ManyValue['items'] = [];
    for (const edge of edges) {
      const value = await getInput(edge.source, edge.sourcePort);
      if (!port.kinds.includes(value.kind)) {
        throw new UserError(`The '${port.label}' input of ${name} takes a ${port.kinds.join(' or ')}, but received a ${value.kind}.`);
      }
      const source = graph.nodes.find((n) => n.id === edge.source);
      const label = source && labelOf(source);
      items.push({ source: edge.source, ...(label ? { label } : {}), value });
    }
    inputs[port.name] = port.many ? { kind: 'many', items } : items[0]!.value;
  }
  ctx.signal.throwIfAborted();
  return def.run(inputs, params.params, ctx);
}

/**
 * Runs a graph in memory in dependency order (tests, previews). With `upTo`, runs only that node
 * and its ancestors. Returns every executed node's outputs by port.
 */
export async function executeGraph(
  graph: PipelineGraph,
  ctx: RunContext,
  options: { upTo?: string } = {},
): Promise<Map<string, Record<string, PortValue>>> {
  const { order, cycles } = sortTopologically(graph);
  if (cycles.length > 0) throw new UserError(`The pipeline has a loop through '${cycles[0].join("', '")}'. Remove a connection so data flows one way.`);
  const wanted = options.upTo ? collectAncestors(graph, options.upTo) : undefined;
  const outputs = new Map<string, Record<string, PortValue>>();
  const getInput: GetInput = async (source, port) => {
    const value = outputs.get(source)?.[port];
    if (!value) throw new UserError(`The step '${source}' did not produce an output '${port}'.`);
    return value;
  };
  for (const id of order) {
    if (wanted && !wanted.has(id)) continue;
    outputs.set(id, await runGraphNode(graph, id, getInput, ctx));
  }
  return outputs;
}

/** The node and every node it depends on, directly or not. */
export function collectAncestors(graph: PipelineGraph, nodeId: string): Set<string> {
  const found = new Set([nodeId]);
  const stack = [nodeId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const edge of graph.edges) {
      if (edge.target === id && !found.has(edge.source)) {
        found.add(edge.source);
        stack.push(edge.source);
      }
    }
  }
  return found;
}
