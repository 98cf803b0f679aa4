import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getNodeType } from '../../engine/registry';
import { computeLayout, type LayoutNode } from './auto-layout';
import { fitViewOptions } from './fit-view';
import { useEditor } from './editor-context';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';
import { NODE_HEIGHT, NODE_WIDTH } from './graph-mapping';
import { shortcuts } from './shortcuts';

const FIT_MS = 250;

const listed = (id: string) => {
  const shortcut = shortcuts.find((s) => s.id === id)!;
  return { keys: shortcut.keys[0]!, label: shortcut.description };
};

/** The keys of the layout commands, as the shortcut list has them, for the buttons' titles and aria-keyshortcuts. */
export const layoutShortcuts = { tidyUp: listed('tidyUp'), zoomToFit: listed('zoomToFit') };

// Handle rows are 24 px tall below a header; used before React Flow has measured a node.
const estimatedPortY = (i: number) => 64 + 24 * i + 12;

/** Tidy up (auto-layout, one undoable graph action) and zoom to fit, as commands and as Shift+L / Shift+1. */
export function useLayoutCommands() {
  const { dispatch } = useEditor();
  const { getNodes, getEdges, getInternalNode, fitView } = useReactFlow<PipelineFlowNode, PipelineFlowEdge>();
  const store = useStoreApi<PipelineFlowNode, PipelineFlowEdge>();
  const [busy, setBusy] = useState(false);
  const running = useRef(false);

  const zoomToFit = useCallback(() => void fitView(fitViewOptions(getNodes().length, FIT_MS)), [fitView, getNodes]);

  const tidyUp = useCallback(async () => {
    const nodes = getNodes();
    if (running.current || nodes.length === 0) return;
    running.current = true;
    setBusy(true);
    try {
      const items: LayoutNode[] = nodes.map((n) => {
        const def = getNodeType(n.data.type);
        const bounds = getInternalNode(n.id)?.internals.handleBounds;
        const centre = (side: 'source' | 'target', id: string, i: number) => {
          const h = bounds?.[side]?.find((b) => b.id === id);
          return h ? h.y + h.height / 2 : estimatedPortY(i);
        };
        return {
          id: n.id,
          width: n.measured?.width ?? NODE_WIDTH,
          height: n.measured?.height ?? NODE_HEIGHT,
          inputs: (def?.inputs ?? []).map((p, i) => ({ id: p.name, y: centre('target', p.name, i) })),
          outputs: (def?.outputs ?? []).map((p, i) => ({ id: p.name, y: centre('source', p.name, i) })),
        };
      });
      const edges = getEdges().map((e) => ({ source: e.source, sourcePort: e.sourceHandle ?? '', target: e.target, targetPort: e.targetHandle ?? '' }));
      const origin = { x: Math.min(...nodes.map((n) => n.position.x)), y: Math.min(...nodes.map((n) => n.position.y)) };
      const { width, height } = store.getState();
      const positions = await computeLayout(items, edges, origin, { width, height });
      dispatch({ type: 'layoutApplied', positions });
      await fitView(fitViewOptions(nodes.length, FIT_MS));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, [getNodes, getEdges, getInternalNode, fitView, dispatch, store]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.shiftKey || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.code === 'KeyL') void tidyUp();
      else if (event.code === 'Digit1') zoomToFit();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tidyUp, zoomToFit]);

  return { tidyUp, zoomToFit, busy };
}

function isTyping(target: EventTarget | null) {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('.nokey'));
}
