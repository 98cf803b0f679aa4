import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type IsValidConnection,
  type OnConnectEnd,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { getNodeType, nodeTypes as registry } from '../../engine/registry';
import { useEditor } from './editor-context';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';
import { ConnectionRefusal, type Refusal } from './connection-refusal';
import { connectionBetween, connectionProblem } from './connection-rules';
import { createFlowNode, NODE_HEIGHT, NODE_WIDTH } from './graph-mapping';
import { LayoutControls } from './layout-controls';
import { fitViewOptions, showsMinimap } from './fit-view';
import { DRAG_MIME } from './node-palette';
import { PipelineNode } from './pipeline-node';
import { flowEdgeTypes } from './pipeline-edge';
import { useCarriedKind } from './wire-hints';

const flowNodeTypes = { pipeline: PipelineNode };
const doneEdgeStyle = { stroke: '#34d399', strokeWidth: 2 };
const runningEdgeStyle = { stroke: '#0ea5e9', strokeWidth: 2 };
// Shift adds to the selection on click and draws a selection box on drag; Ctrl/⌘ add on click too.
const multiSelectKeys = ['Shift', 'Meta', 'Control'];
const minimapColors: Record<string, string> = { fetch: '#0ea5e9', validate: '#f59e0b', preprocess: '#8b5cf6', train: '#10b981', evaluate: '#f43f5e' };
const minimapColorOf = (n: PipelineFlowNode) => minimapColors[getNodeType(n.data.type)?.category ?? ''] ?? '#94a3b8';
type Props = {
  nodes: PipelineFlowNode[];
  edges: PipelineFlowEdge[];
  sampleNames: string[];
  /** A right-click on nodes (the id of the one under the pointer) or on the empty canvas (no id). */
  onContextMenu?: (event: MouseEvent | ReactMouseEvent, nodeId?: string) => void;
};

/** The React Flow surface: drop target for the palette, connection rules, run-aware edges. */
export function PipelineCanvas({ nodes, edges, sampleNames, onContextMenu }: Props) {
  const { dispatch, run } = useEditor();
  const { screenToFlowPosition } = useReactFlow();
  // Fit the saved pipeline once on load; never re-fit while the user builds.
  const [fitOnLoad] = useState(nodes.length > 0);
  // React Flow mounts after hydration, with its nodes already in its store (PipelineEditor), so its whole
  // surface enters the page in one DOM insertion. Hydrated empty, it added each node on its own, and Remix's
  // route discovery re-scanned the whole node layer for links on each insertion: 200 scans of ~4,000
  // elements on a 200-node pipeline, a fifth of the opening's main-thread time.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const carried = useCarriedKind();
  // Read through a ref, so the callbacks React Flow holds stay the same while nodes are dragged.
  const graph = useRef({ nodes, edges, carried });
  graph.current = { nodes, edges, carried };
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const surface = useRef<HTMLDivElement>(null);
  const dismissRefusal = useCallback(() => setRefusal(null), []);

  const isValidConnection: IsValidConnection<PipelineFlowEdge> = useCallback((c: Connection | Edge) => {
    const g = graph.current;
    return connectionProblem(c as Connection, g.nodes, g.edges, getNodeType, g.carried) === undefined;
  }, []);

  // A wire dropped on a handle that would not take it: say why, where it was dropped.
  const onConnectEnd: OnConnectEnd = useCallback((event, state) => {
    if (state.isValid || !state.fromHandle || !state.toHandle) return;
    const c = connectionBetween(state.fromHandle, state.toHandle);
    const g = graph.current;
    const message = 'problem' in c ? c.problem : connectionProblem(c, g.nodes, g.edges, getNodeType, g.carried);
    const point = 'changedTouches' in event ? event.changedTouches[0] : event;
    const box = surface.current?.getBoundingClientRect();
    if (!message || !point || !box) return;
    setRefusal({ message, x: Math.max(0, Math.min(point.clientX - box.left, box.width - 336)), y: Math.min(point.clientY - box.top, box.height - 80) });
  }, []);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    const type = event.dataTransfer.getData(DRAG_MIME);
    const def = type ? getNodeType(type) : undefined;
    if (!def) return;
    event.preventDefault();
    // Centre the node on the pointer, but keep it whole inside the visible canvas (handles stay reachable).
    const rect = event.currentTarget.getBoundingClientRect();
    const min = screenToFlowPosition({ x: rect.left + 8, y: rect.top + 8 });
    const max = screenToFlowPosition({ x: rect.right - 8, y: rect.bottom - 8 });
    const p = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const height = NODE_HEIGHT + 24 * Math.max(0, def.inputs.length - 1);
    const x = Math.max(min.x, Math.min(p.x - NODE_WIDTH / 2, max.x - NODE_WIDTH));
    const y = Math.max(min.y, Math.min(p.y - 30, max.y - height));
    dispatch({ type: 'nodeAdded', node: createFlowNode(def, { x: Math.round(x), y: Math.round(y) }, nodes) });
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes(DRAG_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  };

  const styledEdges = useMemo(
    () =>
      edges.map((e) => {
        const status = run.nodes[e.source]?.status;
        const flowing = run.nodes[e.target]?.status === 'running' || (status === 'running' && run.phase === 'running');
        return flowing || status === 'succeeded' ? { ...e, animated: flowing, style: status === 'succeeded' && !flowing ? doneEdgeStyle : runningEdgeStyle } : e;
      }),
    [edges, run],
  );

  return (
    <div ref={surface} className="relative h-full w-full" onDrop={onDrop} onDragOver={onDragOver}>
      {mounted ? (
        <ReactFlow<PipelineFlowNode, PipelineFlowEdge>
          nodes={nodes}
          edges={styledEdges}
          nodeTypes={flowNodeTypes}
          edgeTypes={flowEdgeTypes}
          onNodesChange={(changes) => dispatch({ type: 'nodesChanged', changes })}
          onEdgesChange={(changes) => dispatch({ type: 'edgesChanged', changes })}
          onConnect={(connection) => dispatch({ type: 'connected', connection })}
          onConnectStart={dismissRefusal}
          onConnectEnd={onConnectEnd}
          onPaneClick={dismissRefusal}
          isValidConnection={isValidConnection}
          // Delete/Backspace go through the editor's shortcut list, so a deletion is one undo entry.
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={multiSelectKeys}
          onNodeContextMenu={(event, node) => onContextMenu?.(event, node.id)}
          onSelectionContextMenu={(event, selected) => onContextMenu?.(event, selected[0]?.id)}
          onPaneContextMenu={(event) => onContextMenu?.(event)}
          defaultEdgeOptions={{ style: { strokeWidth: 2 } }}
          connectionLineStyle={{ strokeWidth: 2, stroke: '#6366f1' }}
          fitView={fitOnLoad}
          fitViewOptions={fitViewOptions(nodes.length)}
          minZoom={0.2}
          maxZoom={2}
          attributionPosition="bottom-center"
          className="bg-slate-50"
        >
          <LayoutControls empty={nodes.length === 0} />
          <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="#cbd5e1" />
          <Controls showInteractive={false} position="bottom-right" />
          {showsMinimap(nodes.length) ? (
            <MiniMap
              position="top-right"
              pannable
              zoomable
              ariaLabel="Pipeline overview"
              nodeColor={minimapColorOf}
              style={{ width: 160, height: 100 }}
              className="!rounded-md !shadow ring-1 ring-slate-200"
            />
          ) : null}
        </ReactFlow>
      ) : null}
      {refusal ? <ConnectionRefusal refusal={refusal} onDismiss={dismissRefusal} /> : null}
      {nodes.length === 0 ? <EmptyCanvas sampleNames={sampleNames} /> : null}
    </div>
  );
}

/** Two nodes, a data source wired into a step: what the canvas will hold, in the categories' colours. */
function TwoNodesPicture() {
  const card = (x: number, accent: string) => (
    <g transform={`translate(${x} 6)`}>
      <rect width="30" height="26" rx="4" className="fill-white stroke-slate-300" />
      <rect width="30" height="4" rx="2" className={accent} />
      <rect x="5" y="10" width="16" height="3" rx="1.5" className="fill-slate-300" />
      <rect x="5" y="16" width="11" height="3" rx="1.5" className="fill-slate-200" />
    </g>
  );
  return (
    <svg aria-hidden="true" viewBox="0 0 96 38" className="mx-auto mb-3 h-10 w-24">
      <path d="M34 25 C 48 25, 48 25, 62 25" fill="none" className="stroke-slate-400" strokeWidth="1.5" />
      {card(4, 'fill-sky-500')}
      {card(62, 'fill-violet-500')}
      <circle cx="34" cy="25" r="2.5" className="fill-slate-400" />
      <circle cx="62" cy="25" r="2.5" className="fill-slate-400" />
    </svg>
  );
}

function EmptyCanvas({ sampleNames }: { sampleNames: string[] }) {
  const fetchNode = registry.find((d) => d.category === 'fetch');
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center p-8">
      <div className="max-w-sm rounded-xl border-2 border-dashed border-slate-300 bg-white/80 px-8 py-10 text-center backdrop-blur-sm">
        <TwoNodesPicture />
        <p className="text-base font-semibold text-slate-800">Drag a node from the palette to start</p>
        <p className="mt-2 text-sm text-slate-500">
          {fetchNode ? `Begin with a ${fetchNode.title} node` : 'Begin with a data source'}
          {sampleNames.length ? ` and pick a sample dataset such as ${sampleNames.slice(0, 3).join(', ')}` : ''}, then connect steps output →
          input.
        </p>
      </div>
    </div>
  );
}
