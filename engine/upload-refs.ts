import type { PipelineGraph } from './graph-types';

/** A Dataset node's reference to an uploaded dataset version (`params.dataset`), if it has one. */
function uploadRef(params: Record<string, unknown> | undefined): string | null {
  const ref = params?.dataset as { source?: unknown; datasetVersionId?: unknown } | undefined;
  return ref?.source === 'upload' && typeof ref.datasetVersionId === 'string' ? ref.datasetVersionId : null;
}

/** The uploaded dataset versions a graph's Dataset nodes read, each once. */
export function uploadVersionIds(graph: PipelineGraph): string[] {
  return [...new Set(graph.nodes.map((n) => uploadRef(n.params)).filter((id): id is string => id !== null))];
}

/** The graph with each Dataset node reading `replacements.get(version)` instead; other nodes unchanged. */
export function withUploadVersions(graph: PipelineGraph, replacements: ReadonlyMap<string, string>): PipelineGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const to = replacements.get(uploadRef(n.params) ?? '');
      return to ? { ...n, params: { ...n.params, dataset: { source: 'upload', datasetVersionId: to } } } : n;
    }),
  };
}
