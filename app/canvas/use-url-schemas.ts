import { useCallback, useEffect, useMemo, type Dispatch } from 'react';
import type { UrlDatasetRef } from '../../engine/define-node';
import { getNodeType } from '../../engine/registry';
import type { EditorAction } from './editor-store';
import { urlSchemaKey, type PipelineFlowNode, type UrlSchemas } from './editor-types';
import { fetchDatasetSchema, messageOf } from './graphql-client';

/** How long a URL field must stay unchanged before its columns are read: not one request per keystroke. */
export const URL_SETTLE_MS = 600;

/**
 * The URL a node reads, or undefined. Params the user is still filling in elsewhere (a column-type row
 * without its column) fall back to their defaults here: the columns are needed to finish them.
 */
export function urlRefOf(node: PipelineFlowNode): UrlDatasetRef | undefined {
  const def = getNodeType(node.data.type);
  if (!def?.datasets || node.data.version > def.version) return undefined;
  const raw = node.data.version < def.version && def.migrate ? def.migrate(node.data.params, node.data.version) : node.data.params;
  let parsed = def.params.safeParse(raw);
  if (!parsed.success && raw && typeof raw === 'object') {
    const unfinished = new Set(parsed.error.issues.map((issue) => issue.path[0]));
    parsed = def.params.safeParse(Object.fromEntries(Object.entries(raw).filter(([key]) => !unfinished.has(key))));
  }
  if (!parsed.success) return undefined;
  return def.datasets(parsed.data).find((ref): ref is UrlDatasetRef => ref.source === 'url');
}

/**
 * Reads the columns of every URL the graph's Fetch nodes name, once the URL has settled, through the
 * server (which applies the address checks and keeps a cache); a failure becomes the node's problem.
 * Returns `read`, which reads one URL again at once (the node's "Read columns" button).
 */
export function useUrlSchemas(nodes: PipelineFlowNode[], urlSchemas: UrlSchemas, dispatch: Dispatch<EditorAction>) {
  const read = useCallback(
    (ref: UrlDatasetRef) => {
      const key = urlSchemaKey(ref);
      dispatch({ type: 'urlSchemaChanged', key, state: { status: 'reading' } });
      fetchDatasetSchema(ref).then(
        (schema) =>
          dispatch({
            type: 'urlSchemaChanged',
            key,
            state: schema ? { status: 'read', schema } : { status: 'failed', message: `The server could not read ${ref.url}. Check the address and read its columns again.` },
          }),
        (error: unknown) => dispatch({ type: 'urlSchemaChanged', key, state: { status: 'failed', message: messageOf(error) } }),
      );
    },
    [dispatch],
  );
  const unread = nodes.flatMap((node) => {
    const ref = urlRefOf(node);
    return ref && !urlSchemas[urlSchemaKey(ref)] ? [ref] : [];
  });
  const unreadKey = [...new Set(unread.map(urlSchemaKey))].sort().join('\n');
  // Only a change of the unread set restarts the wait (dragging a node must not).
  const pending = useMemo(() => unread, [unreadKey]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (pending.length === 0) return;
    const timer = setTimeout(() => new Map(pending.map((ref) => [urlSchemaKey(ref), ref])).forEach(read), URL_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [pending, read]);
  return read;
}
