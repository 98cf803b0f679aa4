import { useEffect, useMemo, useState } from 'react';
import type { SampleSpec } from '../../../engine/content-key';
import type { PipelineGraph } from '../../../engine/graph-types';
import type { PreviewPayload } from '../../../graphql/preview-payload';
import { messageOf, requestGraphQL } from '../graphql-client';

const PREVIEW = /* GraphQL */ `
  query Preview($pipelineId: ID!, $graph: JSON!, $nodeId: ID!, $sample: JSON) {
    preview(pipelineId: $pipelineId, graph: $graph, nodeId: $nodeId, sample: $sample)
  }
`;

/** Typing pauses shorter than this coalesce into one preview. */
export const PREVIEW_DEBOUNCE_MS = 150;

/** What a preview was asked for: the grid asks for more rows of the same (see use-preview-rows.ts). */
export type PreviewVariables = { pipelineId: string; graph: PipelineGraph; nodeId: string; sample: SampleSpec };

export type PreviewState = {
  nodeId?: string;
  payload?: PreviewPayload;
  variables?: PreviewVariables;
  /** The node's last preview that worked, kept while its params fail (e.g. an expression half typed). */
  lastGood?: { payload: Extract<PreviewPayload, { status: 'ok' }>; variables: PreviewVariables };
  /** The request itself failed (network, refused); node errors are in `payload`. */
  error?: string;
  loading: boolean;
};

/**
 * The selected node's preview of the unsaved graph, refreshed whenever what the graph means changes
 * (params, labels, connections, sample; not node positions or selection). A newer request aborts the
 * older one here, and the server drops the older computation too.
 */
export function usePreview(pipelineId: string, graph: PipelineGraph, nodeId: string | undefined, sample: SampleSpec): PreviewState {
  const request = useMemo(() => {
    if (!nodeId) return undefined;
    const meaning = { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) };
    return JSON.stringify({ graph: meaning, nodeId, sample });
  }, [graph, nodeId, sample]);
  const [state, setState] = useState<PreviewState>({ loading: false });

  useEffect(() => {
    if (!request) {
      setState({ loading: false });
      return;
    }
    const parsed = JSON.parse(request) as { graph: PipelineGraph; nodeId: string; sample: SampleSpec };
    const variables: PreviewVariables = { pipelineId, ...parsed };
    const target = parsed.nodeId;
    const controller = new AbortController();
    setState((s) => ({ ...(s.nodeId === target ? s : { nodeId: target }), loading: true }));
    const timer = setTimeout(() => {
      requestGraphQL<{ preview: PreviewPayload }>(PREVIEW, variables, controller.signal).then(
        (data) => {
          if (controller.signal.aborted) return;
          const payload = data.preview;
          const lastGood = payload.status === 'ok' ? { payload, variables } : undefined;
          setState((s) => ({ nodeId: target, payload, variables, lastGood: lastGood ?? (s.nodeId === target ? s.lastGood : undefined), loading: false }));
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ nodeId: target, error: messageOf(error), loading: false });
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [pipelineId, request]);

  return state;
}

/** True once `active` has stayed true for `delayMs`, so a fast answer never flashes a spinner. */
export function useDelayedFlag(active: boolean, delayMs: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!active) {
      setShown(false);
      return;
    }
    const timer = setTimeout(() => setShown(true), delayMs);
    return () => clearTimeout(timer);
  }, [active, delayMs]);
  return shown;
}
