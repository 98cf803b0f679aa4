import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider, useReactFlow, useStore } from '@xyflow/react';
import { useEffect, useMemo, useRef, type MutableRefObject } from 'react';
import type { PipelineGraph } from '../../engine/graph-types';
import { EditorContext, type EditorContextValue } from '~/canvas/editor-context';
import type { PipelineFlowNode, RunState } from '~/canvas/editor-types';
import { useGraphAnalysis } from '~/canvas/graph-analysis';
import { toFlowEdges, toFlowNodes } from '~/canvas/graph-mapping';
import { flowEdgeTypes } from '~/canvas/pipeline-edge';
import { PipelineNode } from '~/canvas/pipeline-node';

const flowNodeTypes = { pipeline: PipelineNode };
const doneEdgeStyle = { stroke: '#34d399', strokeWidth: 2 };
const runningEdgeStyle = { stroke: '#0ea5e9', strokeWidth: 2 };
const noProblems = new Map<string, string[]>();
const noStale = new Map();
const noop = () => {};
const FIT = { maxZoom: 1, padding: 0.15 };

/**
 * The pinned version's graph as it ran, drawn by the editor's own node view with the run's badges:
 * nothing moves, connects or edits; clicking a node selects it for the details below.
 */
export function RunCanvas({ graph, run, selectedId, onSelect }: { graph: PipelineGraph; run: RunState; selectedId?: string; onSelect: (id: string | undefined) => void }) {
  const baseNodes = useMemo(() => toFlowNodes(graph), [graph]);
  const edges = useMemo(() => toFlowEdges(graph), [graph]);
  const nodes = useMemo(() => baseNodes.map((n): PipelineFlowNode => ({ ...n, selected: n.id === selectedId })), [baseNodes, selectedId]);
  const analysis = useGraphAnalysis(baseNodes, edges, []);
  const userMoved = useRef(false);
  const context: EditorContextValue = useMemo(
    () => ({ dispatch: noop, analysis, problems: noProblems, run, stale: noStale, datasets: [], urlSchemas: {}, readUrlColumns: noop, readOnly: true }),
    [analysis, run],
  );
  const styledEdges = useMemo(
    () =>
      edges.map((e) => {
        const status = run.nodes[e.source]?.status;
        const flowing = run.nodes[e.target]?.status === 'running';
        return flowing || status === 'succeeded' ? { ...e, animated: flowing, style: flowing ? runningEdgeStyle : doneEdgeStyle } : e;
      }),
    [edges, run],
  );
  return (
    <EditorContext.Provider value={context}>
      <ReactFlowProvider>
        <ReactFlow<PipelineFlowNode>
          nodes={nodes}
          edges={styledEdges}
          nodeTypes={flowNodeTypes}
          edgeTypes={flowEdgeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          elementsSelectable
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          onNodeClick={(_, node) => onSelect(node.id)}
          onPaneClick={() => onSelect(undefined)}
          onMoveStart={(event) => {
            // A move with an event is the person's (a programmatic fit has none): from then on the view is theirs.
            if (event) userMoved.current = true;
          }}
          fitView
          fitViewOptions={FIT}
          minZoom={0.2}
          maxZoom={2}
          attributionPosition="bottom-center"
          className="bg-slate-50"
        >
          <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="#cbd5e1" />
          <Controls showInteractive={false} position="bottom-right" />
          <RefitOnResize userMoved={userMoved} />
        </ReactFlow>
      </ReactFlowProvider>
    </EditorContext.Provider>
  );
}

/**
 * Keeps the whole graph in view while the canvas's size settles (the timeline below it fills in after the
 * first paint, taking height from the canvas) and when the window resizes, until the person pans or zooms.
 */
function RefitOnResize({ userMoved }: { userMoved: MutableRefObject<boolean> }) {
  const { fitView } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  useEffect(() => {
    if (width > 0 && height > 0 && !userMoved.current) void fitView(FIT);
  }, [fitView, width, height, userMoved]);
  return null;
}
