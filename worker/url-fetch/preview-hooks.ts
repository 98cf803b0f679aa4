import { UserError, type DatasetReadOptions, type UrlDatasetRef } from '../../engine/define-node';
import { collectAncestors } from '../../engine/execute';
import type { PipelineGraph } from '../../engine/graph-types';
import type { Table } from '../../engine/table';
import { referencedUrls, type UrlDatasets } from './url-datasets';

/**
 * What a preview needs to know about each URL it reads, prepared before the preview starts and
 * plain data (it can travel to a preview thread with the task, like the team's checked uploads):
 * the identity for content keys (the cached body's sha256), or the message of a failed fetch.
 */
export type UrlSources = Record<string, { identity: string; sha256: string } | { identity: string; error: string }>;

/**
 * Fetch nodes in sample previews (engine/preview.ts). The previewer computes content keys before it
 * loads anything and runs under a time cap of a few seconds, so URLs are made ready first, outside it:
 *
 *   // where requests arrive (I/O only; schemas parse in the parse pool):
 *   const sources = await prepareUrlSources(urls, graph, nodeId, signal);
 *   // where the previewer runs (the same process or a preview thread with its own `urls`):
 *   identifyDataset: (ref) => (ref.source === 'url' ? identifyUrl(sources, ref) : …),
 *   loadSample: (ref, sample, signal) => (ref.source === 'url' ? loadPreparedUrl(urls, sources, ref, signal) : …),
 *
 * Preparing revalidates each URL the node depends on at most every FETCH_REVALIDATE_SECONDS (a
 * conditional GET; a 304 keeps the cached body). Cached sample outputs therefore stay valid exactly as
 * long as the bytes do. A failed fetch gets an identity of its own, and loading it throws its message,
 * so the preview shows it on the Fetch node and never caches it.
 */
export async function prepareUrlSources(urls: UrlDatasets, graph: PipelineGraph, nodeId: string, signal?: AbortSignal): Promise<UrlSources> {
  const wanted = collectAncestors(graph, nodeId);
  const refs = referencedUrls({ ...graph, nodes: graph.nodes.filter((n) => wanted.has(n.id)) });
  await urls.prepare(refs, signal);
  const sources: UrlSources = {};
  for (const ref of refs) {
    // prepare settles every URL one way or the other.
    const status = urls.status(ref)!;
    sources[ref.url] = { identity: urls.identify(ref)!, ...status };
  }
  return sources;
}

export function identifyUrl(sources: UrlSources, ref: UrlDatasetRef): string | undefined {
  return sources[ref.url]?.identity;
}

/** The very body `prepareUrlSources` saw (read from the shared disk cache, no request), or its failure. */
export function loadPreparedUrl(urls: UrlDatasets, sources: UrlSources, ref: UrlDatasetRef, signal?: AbortSignal, read?: DatasetReadOptions): Promise<Table> {
  const source = sources[ref.url];
  if (!source) return Promise.reject(new UserError(`${ref.url} was not prepared for this preview. Preview again.`));
  if ('error' in source) return Promise.reject(new UserError(source.error));
  return urls.load(ref, { maxAgeMs: Infinity, signal, expectSha256: source.sha256, read });
}
