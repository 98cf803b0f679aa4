import { useCallback, useEffect, useMemo, type Dispatch } from 'react';
import type { UrlDatasetRef } from '../../engine/define-node';
import { resolveNodeParams } from '../../engine/node-params';
import { getNodeType } from '../../engine/registry';
import type { EditorAction } from './editor-store';
import { urlSchemaKey, type PipelineFlowNode, type UrlSchemas } from './editor-types';
import { fetchDatasetSchema, messageOf } from './graphql-client';

/** How long a URL field must stay unchanged before its columns are read: not one request per keystroke. */
export const URL_SETTLE_MS = 600;

/** The URL a node reads (a Fetch node whose params are valid), or undefined. */
export function urlRefOf(node: PipelineFlowNode): UrlDatasetRef | undefined {
  const def = getNodeType(node.data.type);
  if (!def?.datasets) return undefined;
  const params = resolveNodeParams({ id: node.id, ...node.data, position: node.position }, def);
  if (!params.ok) return undefined;
  return def.datasets(params.params).find((ref): ref is UrlDatasetRef => ref.source === 'url');
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
