import type { DatasetRef, UrlDatasetRef } from '../../engine/define-node';
import { collectAncestors } from '../../engine/execute';
import type { PipelineGraph } from '../../engine/graph-types';
import type { Table } from '../../engine/table';
import { referencedUrls, type UrlDatasets } from './url-datasets';

/**
 * Fetch nodes in sample previews (engine/preview.ts). The previewer computes content keys before it
 * loads anything, and runs under a time cap of a few seconds, so URLs are made ready first:
 *
 *   await hooks.prepare(graph, nodeId, signal);       // outside the preview's time cap
 *   createPreviewer({
 *     identifyDataset: (ref) => (ref.source === 'url' ? hooks.identify(ref) : …),
 *     loadSample: (ref, sample, signal) => (ref.source === 'url' ? hooks.load(ref, signal) : …),
 *   })
 *
 * `prepare` revalidates each URL the node depends on at most every FETCH_REVALIDATE_SECONDS (a
 * conditional GET; a 304 keeps the cached body) and parses its schema once per body. A URL's identity
 * is its cached body's sha256, so cached sample outputs stay valid exactly as long as the bytes do.
 * A failed fetch gets an identity of its own and `load` re-throws its message, so the preview shows it.
 */
export function createUrlPreviewHooks(urls: UrlDatasets) {
  return {
    prepare(graph: PipelineGraph, nodeId: string, signal?: AbortSignal): Promise<void> {
      const wanted = collectAncestors(graph, nodeId);
      const subgraph = { ...graph, nodes: graph.nodes.filter((n) => wanted.has(n.id)) };
      return urls.prepare(referencedUrls(subgraph), signal);
    },
    identify: (ref: UrlDatasetRef) => urls.identify(ref),
    /** The copy `prepare` saw (no request; a URL never prepared is fetched now). */
    load: (ref: UrlDatasetRef, signal?: AbortSignal): Promise<Table> => urls.load(ref, { maxAgeMs: Infinity, signal }),
    /** For SchemaContext: the last parsed columns of a URL, or its last fetch's failure. */
    schema: (ref: DatasetRef) => (ref.source === 'url' ? urls.knownSchema(ref) : undefined),
  };
}
