import type { ASTVisitor, GraphQLSchema, SelectionSetNode, ValidationContext, ValueNode } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { GRAPH_LIMITS } from '../engine/graph-types';
import { PAGE_LIMITS } from './pagination';

/**
 * The most objects one operation may ask for, counting every list at the size it may reach: a paged
 * field at its `limit` (its maximum when the limit is a variable), a pipeline's or run's nodes at the graph
 * cap. armor's cost limit counts each field once, whatever the list sizes, so nested lists would slip by.
 * e.g. `pipeline(id) { runs(limit: 10) { nodes { status } } }` = 1 + 10 × (1 + 500) = 5,011.
 */
export const MAX_RESULT_OBJECTS = 50_000;

const BOUNDED_LISTS: Record<string, number> = {
  'Pipeline.nodes': GRAPH_LIMITS.maxNodes,
  'Run.nodes': GRAPH_LIMITS.maxNodes,
  // One failed attempt per try: NODE_RETRY_LIMIT (at most 20) retries after the first, and a last failure.
  'NodeRun.attempts': 22,
};
/** Lists with neither a page nor a cap of their own (node types: the registry, a few dozen). */
const OTHER_LIST = 100;
/**
 * JSON fields that can be large count by their largest size, one object per KB: a saved graph may reach
 * 2 MB, so 200 pipelines' graphs in one query (400 MB) are refused while a page of 20 is not.
 */
const HEAVY_FIELDS: Record<string, number> = {
  'Pipeline.graph': GRAPH_LIMITS.maxGraphBytes / 1024,
  'PipelineVersion.graph': GRAPH_LIMITS.maxGraphBytes / 1024,
  'PipelineNode.params': GRAPH_LIMITS.maxParamsBytes / 1024,
  'Query.datasetSchema': 1_000,
  // Capped by PREVIEW_MAX_KB (2 MB by default); counted at that default, like a graph.
  'Query.preview': 2_048,
};

type Fields = Record<string, { type: unknown }>;
// Read by name and printed type, not instanceof: the schema's graphql copy may differ from this module's.
const fieldsOf = (schema: GraphQLSchema, typeName: string) =>
  (schema.getType(typeName) as { getFields?: () => Fields } | undefined)?.getFields?.();

function limitArgument(value: ValueNode | undefined, max: number, fallback: number) {
  if (!value) return fallback;
  return value.kind === 'IntValue' ? Math.min(Number(value.value), max) : max;
}

function listSize(coordinate: string, args: readonly { name: { value: string }; value: ValueNode }[]) {
  const paged = PAGE_LIMITS[coordinate as keyof typeof PAGE_LIMITS];
  if (paged) return limitArgument(args.find((a) => a.name.value === 'limit')?.value, paged.max, paged.default);
  return BOUNDED_LISTS[coordinate] ?? OTHER_LIST;
}

export function resultSizeRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();

  /** Objects under one selection set, once; fragments already on the path count as nothing (a cycle). */
  function count(selectionSet: SelectionSetNode, typeName: string, path: Set<string>): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === 'Field') {
        const field = fieldsOf(schema, typeName)?.[selection.name.value];
        if (!field) continue;
        if (!selection.selectionSet) {
          total += HEAVY_FIELDS[`${typeName}.${selection.name.value}`] ?? 0;
          continue;
        }
        const printed = String(field.type);
        const size = printed.startsWith('[') ? listSize(`${typeName}.${selection.name.value}`, selection.arguments ?? []) : 1;
        total += size * (1 + count(selection.selectionSet, printed.replace(/[[\]!]/g, ''), path));
      } else if (selection.kind === 'InlineFragment') {
        total += count(selection.selectionSet, selection.typeCondition?.name.value ?? typeName, path);
      } else {
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        if (!fragment || path.has(name)) continue;
        total += count(fragment.selectionSet, fragment.typeCondition.name.value, new Set(path).add(name));
      }
      if (total > MAX_RESULT_OBJECTS) return total;
    }
    return total;
  }

  return {
    OperationDefinition(operation) {
      const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[operation.operation];
      if (!root) return;
      const total = count(operation.selectionSet, root.name, new Set());
      if (total <= MAX_RESULT_OBJECTS) return;
      throw createGraphQLError(
        `Query refused before running: it may return more than ${MAX_RESULT_OBJECTS.toLocaleString('en')} objects (counting each list at its limit, and large JSON fields such as a pipeline's graph by size). Pass smaller limits or ask for fewer nested lists or graphs.`,
        { nodes: [operation], extensions: { code: 'QUERY_LIMIT_EXCEEDED', http: { status: 400 } } },
      );
    },
  };
}
