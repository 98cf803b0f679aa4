import { useConnection, useStoreApi, type Handle } from '@xyflow/react';
import { useMemo } from 'react';
import { getNodeType } from '../../engine/registry';
import { connectionBetween, connectionProblem, type CarriedKind } from './connection-rules';
import { useEditor } from './editor-context';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';

export type WireHint = 'accepts' | 'refuses' | undefined;

/** The kind each output carries as analysed, for messages about what actually flows. */
export function useCarriedKind(): CarriedKind {
  const { analysis } = useEditor();
  return useMemo(() => (nodeId, port) => analysis.outputSchemas[nodeId]?.[port]?.kind, [analysis]);
}

/**
 * While a wire is being dragged: whether each of this node's handles would take it. The selector keeps the
 * wire's start handle only, so nodes re-render when a drag starts and ends, not on every pointer move.
 */
export function useWireHints(nodeId: string): (type: Handle['type'], port: string) => WireHint {
  const from = useConnection((c) => (c.inProgress ? c.fromHandle : null));
  // Read from the store when a drag starts, not subscribed: see ConnectOutputButton.
  const store = useStoreApi<PipelineFlowNode, PipelineFlowEdge>();
  const carried = useCarriedKind();
  return useMemo(() => {
    if (!from) return () => undefined;
    const { nodes, edges } = store.getState();
    return (type, port) => {
      if (from.nodeId === nodeId && from.id === port && from.type === type) return undefined;
      const c = connectionBetween(from, { id: port, nodeId, type, position: from.position, x: 0, y: 0 } as Handle);
      if ('problem' in c) return 'refuses';
      return connectionProblem(c, nodes, edges, getNodeType, carried) === undefined ? 'accepts' : 'refuses';
    };
  }, [from, nodeId, store, carried]);
}
