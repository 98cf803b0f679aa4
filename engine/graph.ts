import { SchemaPending, UserError, type ManySchema, type NodeDefinition, type NodeInputSchemas, type PortSchema, type SchemaContext } from './define-node';
import { describeGraphIssue, pipelineGraphSchema, type GraphEdge, type GraphNode, type GraphProblem, type PipelineGraph } from './graph-types';
import { labelOf, nameNode, opensWithName, resolveNodeParams } from './node-params';
import { getNodeType } from './registry';

/** Validates saved graph JSON; throws UserError listing what is malformed. */
export function parseGraph(json: unknown): PipelineGraph {
  const parsed = pipelineGraphSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((i) => describeGraphIssue(json, i).message);
  throw new UserError(`The pipeline could not be read: ${issues.join('; ')}.`);
}

export type GraphAnalysis = {
  /** What stops a run. */
  problems: GraphProblem[];
  /** What a run goes ahead with but the user should know (e.g. columns Train leaves out). */
  warnings: GraphProblem[];
  /** Topological order of the nodes not on a cycle. */
  order: string[];
  params: Record<string, Record<string, unknown>>;
  inputSchemas: Record<string, NodeInputSchemas>;
  outputSchemas: Record<string, Record<string, PortSchema>>;
};

/** Nodes in dependency order, plus the node cycles that keep the rest out of it. */
export function sortTopologically(graph: PipelineGraph): { order: string[]; cycles: string[][] } {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const indegree = new Map([...ids].map((id) => [id, 0]));
  const next = new Map([...ids].map((id) => [id, [] as string[]]));
  for (const e of edges) {
    indegree.set(e.target, indegree.get(e.target)! + 1);
    next.get(e.source)!.push(e.target);
  }
  const ready = [...ids].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const target of next.get(id)!) {
      indegree.set(target, indegree.get(target)! - 1);
      if (indegree.get(target) === 0) ready.push(target);
    }
  }
  return { order, cycles: findCycles(ids, next, new Set(order)) };
}

function findCycles(ids: Set<string>, next: Map<string, string[]>, sorted: Set<string>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>(sorted);
  for (const start of ids) {
    if (done.has(start)) continue;
    const path: string[] = [];
    const onPath = new Set<string>();
    const visit = (id: string): void => {
      if (onPath.has(id)) {
        cycles.push(path.slice(path.indexOf(id)));
        return;
      }
      if (done.has(id)) return;
      path.push(id);
      onPath.add(id);
      for (const target of next.get(id)!) visit(target);
      path.pop();
      onPath.delete(id);
      done.add(id);
    };
    visit(start);
  }
  return cycles;
}

/** Checks the whole graph at edit time and propagates schemas; reports every problem at once. */
export function analyzeGraph(graph: PipelineGraph, ctx: SchemaContext): GraphAnalysis {
  const problems: GraphProblem[] = [];
  const analysis: GraphAnalysis = { problems, warnings: [], order: [], params: {}, inputSchemas: {}, outputSchemas: {} };
  const nodes = new Map<string, GraphNode>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) problems.push({ nodeId: node.id, message: `Two steps share the id '${node.id}'. Delete one of them.` });
    nodes.set(node.id, node);
  }
  const defs = new Map<string, NodeDefinition | undefined>();
  for (const node of nodes.values()) {
    const def = getNodeType(node.type);
    defs.set(node.id, def);
    if (!def) {
      problems.push({ nodeId: node.id, message: `${nameNode(node, def)}: unknown step type '${node.type}'. It may come from a newer version of Pipewright; update Pipewright or remove the step.` });
    }
  }
  const describe = (id: string) => nameNode(nodes.get(id)!, defs.get(id));
  const incoming = checkEdges(graph.edges, nodes, defs, describe, problems);
  const { order, cycles } = sortTopologically(graph);
  for (const cycle of cycles) {
    const names = [...cycle, cycle[0]].map(describe).join(' → ');
    problems.push({ nodeId: cycle[0], message: `These steps form a loop: ${names}. Remove one of the connections so data flows one way.` });
  }
  analysis.order = order;
  for (const id of order) analyzeNode(nodes.get(id)!, defs.get(id), incoming.get(id) ?? new Map(), ctx, analysis, describe, (source) => labelOf(nodes.get(source)!));
  warnFittedBeforeSplit(graph, defs, analysis, describe);
  return analysis;
}

/**
 * A step that learns from its rows, given a table that a Split downstream cuts later, learns from the test
 * rows too: the test scores come out a little better than new data will give. It runs, and predictions
 * replay it, so this is a warning with the fix, as Orange and Dataiku keep preprocessing inside the split.
 */
function warnFittedBeforeSplit(graph: PipelineGraph, defs: Map<string, NodeDefinition | undefined>, analysis: GraphAnalysis, describe: (id: string) => string): void {
  const next = new Map<string, string[]>();
  // A Join's right input is a lookup table: its rows are not the rows a Split downstream cuts.
  for (const edge of graph.edges) if (edge.targetPort !== 'right') next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const reachesSplit = (start: string): boolean => {
    const seen = new Set([start]);
    const queue = [...(next.get(start) ?? [])];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (defs.get(id)?.type === 'split') return true;
      queue.push(...(next.get(id) ?? []));
    }
    return false;
  };
  for (const id of analysis.order) {
    if (!defs.get(id)?.fitsOnRows || analysis.inputSchemas[id]?.data?.kind !== 'table' || !reachesSplit(id)) continue;
    analysis.warnings.push({
      nodeId: id,
      severity: 'warning',
      message:
        defs.get(id)!.type === 'target-encode'
          ? `${describe(id)} learns each category's mean target from every row before the Split, the test rows' targets included, so the test scores can look far better than new data will give. Move it after the Split.`
          : `${describe(id)} learns from every row before the Split, test rows included, so the test scores will look a little better than new data will give. Move it after the Split to keep the test rows unseen.`,
    });
  }
}

/** Edge-level checks; returns the usable edges by target node and port (several only on a `many` input). */
function checkEdges(
  edges: GraphEdge[],
  nodes: Map<string, GraphNode>,
  defs: Map<string, NodeDefinition | undefined>,
  describe: (id: string) => string,
  problems: GraphProblem[],
): Map<string, Map<string, GraphEdge[]>> {
  const incoming = new Map<string, Map<string, GraphEdge[]>>();
  for (const edge of edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) {
      problems.push({ edgeId: edge.id, message: 'A connection points to a step that no longer exists. Delete the connection.' });
      continue;
    }
    const sourceDef = defs.get(edge.source);
    const targetDef = defs.get(edge.target);
    if (!sourceDef || !targetDef) continue; // the unknown type is already reported
    const out = sourceDef.outputs.find((p) => p.name === edge.sourcePort);
    const input = targetDef.inputs.find((p) => p.name === edge.targetPort);
    if (!out || !input) {
      const missing = !out ? `${describe(edge.source)} has no output '${edge.sourcePort}'` : `${describe(edge.target)} has no input '${edge.targetPort}'`;
      problems.push({ edgeId: edge.id, message: `${missing}. Delete the connection and draw it again.` });
      continue;
    }
    if (!out.kinds.some((k) => input.kinds.includes(k))) {
      problems.push({ edgeId: edge.id, message: `${describe(edge.source)} gives a ${out.kinds.join(' or ')}, but the '${input.label}' input of ${describe(edge.target)} takes a ${input.kinds.join(' or ')}. Connect a matching step instead.` });
      continue;
    }
    const ports = incoming.get(edge.target) ?? new Map<string, GraphEdge[]>();
    const wired = ports.get(edge.targetPort) ?? [];
    if (wired.length > 0 && !input.many) {
      problems.push({ edgeId: edge.id, nodeId: edge.target, message: `The '${input.label}' input of ${describe(edge.target)} has two connections; an input takes one. Delete one of them.` });
      continue;
    }
    if (wired.some((e) => e.source === edge.source && e.sourcePort === edge.sourcePort)) {
      problems.push({ edgeId: edge.id, nodeId: edge.target, message: `${describe(edge.source)} is connected twice to the '${input.label}' input of ${describe(edge.target)}. Delete one of the connections.` });
      continue;
    }
    ports.set(edge.targetPort, [...wired, edge]);
    incoming.set(edge.target, ports);
  }
  return incoming;
}

function analyzeNode(
  node: GraphNode,
  def: NodeDefinition | undefined,
  incoming: Map<string, GraphEdge[]>,
  ctx: SchemaContext,
  analysis: GraphAnalysis,
  describe: (id: string) => string,
  graphNodeLabel: (id: string) => string | undefined,
): void {
  if (!def) return;
  const name = describe(node.id);
  // Messages start with the type's title ("Train: …", "Train leaves out …"); a labelled node is named by its label instead.
  const named = (message: string) => (name !== def.title && opensWithName(message, def.title) ? `${name}${message.slice(def.title.length)}` : message);
  const params = resolveNodeParams(node, def);
  if (params.ok) analysis.params[node.id] = params.params;
  else for (const message of params.messages) analysis.problems.push({ nodeId: node.id, message });
  const inputs: NodeInputSchemas = {};
  let inputsKnown = true;
  for (const port of def.inputs) {
    const edges = incoming.get(port.name) ?? [];
    if (edges.length === 0) {
      analysis.problems.push({ nodeId: node.id, message: `Connect ${port.many ? 'one or more' : 'a'} ${port.kinds.join(' or ')}${port.many ? 's' : ''} to the '${port.label}' input of ${name}.` });
      inputsKnown = false;
      continue;
    }
    const items: ManySchema['items'] = [];
    for (const edge of edges) {
      const schema = analysis.outputSchemas[edge.source]?.[edge.sourcePort];
      if (!schema) {
        inputsKnown = false; // upstream has its own problem; do not pile on
        continue;
      }
      if (!port.kinds.includes(schema.kind)) {
        analysis.problems.push({ nodeId: node.id, edgeId: edge.id, message: `The '${port.label}' input of ${name} takes a ${port.kinds.join(' or ')}, but ${describe(edge.source)} gives a ${schema.kind}. ${schema.kind === 'table' && port.kinds.includes('split') ? 'Put a Train/test split before it.' : 'Connect a matching step instead.'}` });
        inputsKnown = false;
        continue;
      }
      const label = graphNodeLabel(edge.source);
      items.push({ source: edge.source, ...(label ? { label } : {}), value: schema });
    }
    if (items.length === edges.length) inputs[port.name] = port.many ? { kind: 'many', items } : items[0]!.value;
  }
  analysis.inputSchemas[node.id] = inputs;
  if (!params.ok || !inputsKnown) return;
  try {
    analysis.outputSchemas[node.id] = def.outputSchema(inputs, params.params, ctx);
    for (const message of def.warnings?.(inputs, params.params, ctx) ?? []) analysis.warnings.push({ nodeId: node.id, severity: 'warning', message: named(message) });
  } catch (error) {
    if (error instanceof SchemaPending) return; // its settings show the read in progress; downstream waits for the schema
    if (!(error instanceof UserError)) throw error;
    analysis.problems.push({ nodeId: node.id, message: named(error.message) });
  }
}
