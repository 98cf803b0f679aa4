import { useMemo, useRef } from 'react';
import { SchemaPending, UserError, type NodeDefinition, type NodeInputSchemas, type PortSchema, type SchemaContext } from '../../engine/define-node';
import { analyzeGraph } from '../../engine/graph';
import type { GraphProblem } from '../../engine/graph-types';
import { urlSchemaKey, type DatasetOption, type PipelineFlowEdge, type PipelineFlowNode, type UrlSchemas } from './editor-types';
import { toPipelineGraph } from './graph-mapping';
import { paramSchemaOf } from './param-schema';

export type GraphAnalysis = {
  problems: GraphProblem[];
  /** Notes that do not stop a run, shown on the node's settings. */
  warnings: GraphProblem[];
  inputSchemas: Record<string, NodeInputSchemas>;
  outputSchemas: Record<string, Record<string, PortSchema>>;
};

const sameRef = (a: DatasetOption['ref'], b: DatasetOption['ref']) =>
  a.source === b.source &&
  (a.source === 'sample' ? a.name === (b as typeof a).name : a.datasetVersionId === (b as typeof a).datasetVersionId);

export function findDataset(datasets: readonly DatasetOption[], ref: unknown): DatasetOption | undefined {
  if (!ref || typeof ref !== 'object' || !('source' in ref)) return undefined;
  return datasets.find((d) => sameRef(d.ref, ref as DatasetOption['ref']));
}

/** What a node reads, e.g. 'claims v1', so two Dataset nodes can be told apart on the canvas. */
export function datasetLabelOf(def: NodeDefinition, params: Record<string, unknown>, datasets: readonly DatasetOption[]): string | undefined {
  for (const [key, prop] of Object.entries(paramSchemaOf(def).properties ?? {})) {
    if (prop.widget === 'dataset') return findDataset(datasets, params[key] ?? prop.default)?.label;
  }
  return undefined;
}

export function schemaContextOf(datasets: readonly DatasetOption[], urlSchemas: UrlSchemas = {}): SchemaContext {
  return {
    datasetSchema(ref) {
      if (ref.source !== 'url') return findDataset(datasets, ref)?.schema;
      const known = urlSchemas[urlSchemaKey(ref)];
      if (known?.status === 'failed') throw new UserError(known.message);
      if (known?.status === 'reading') throw new SchemaPending(`Reading the columns of ${ref.url}…`);
      return known?.schema;
    },
  };
}

function analyze(nodes: PipelineFlowNode[], edges: PipelineFlowEdge[], datasets: DatasetOption[], urlSchemas: UrlSchemas): GraphAnalysis {
  try {
    const result = analyzeGraph(toPipelineGraph(nodes, edges), schemaContextOf(datasets, urlSchemas));
    return { problems: result.problems, warnings: result.warnings, inputSchemas: result.inputSchemas ?? {}, outputSchemas: result.outputSchemas ?? {} };
  } catch (error) {
    return { problems: [{ message: `Could not check the pipeline: ${(error as Error).message}` }], warnings: [], inputSchemas: {}, outputSchemas: {} };
  }
}

/**
 * Re-runs analyzeGraph when the graph's meaning changes (params, labels, nodes, edges, datasets),
 * not when nodes are dragged or selected.
 */
export function useGraphAnalysis(nodes: PipelineFlowNode[], edges: PipelineFlowEdge[], datasets: DatasetOption[], urlSchemas: UrlSchemas = {}) {
  const key = useRef<{ data: unknown[]; edges: string; datasets: DatasetOption[]; urlSchemas: UrlSchemas } | null>(null);
  const version = useRef(0);
  const data = nodes.map((n) => n.data);
  const edgeKey = edges.map((e) => e.id).join('|') + '#' + nodes.map((n) => n.id).join('|');
  const prev = key.current;
  if (
    !prev ||
    prev.datasets !== datasets ||
    prev.urlSchemas !== urlSchemas ||
    prev.edges !== edgeKey ||
    prev.data.length !== data.length ||
    prev.data.some((d, i) => d !== data[i])
  ) {
    key.current = { data, edges: edgeKey, datasets, urlSchemas };
    version.current++;
  }
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => analyze(nodes, edges, datasets, urlSchemas), [version.current]);
}

export function problemsByNode(problems: readonly GraphProblem[], edges: readonly PipelineFlowEdge[]) {
  const map = new Map<string, string[]>();
  const add = (id: string, message: string) => {
    const list = map.get(id) ?? [];
    if (!list.includes(message)) list.push(message);
    map.set(id, list);
  };
  for (const p of problems) {
    if (p.nodeId) add(p.nodeId, p.message);
    else if (p.edgeId) {
      const edge = edges.find((e) => e.id === p.edgeId);
      if (edge) add(edge.target, p.message);
    }
  }
  return map;
}
