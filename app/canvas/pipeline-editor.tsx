import { ReactFlowProvider, useReactFlow, type XYPosition } from '@xyflow/react';
import xyflowStyles from '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { getNodeType } from '../../engine/registry';
import type { PipelineGraph } from '../../engine/graph-types';
import { EditorContext, type EditorContextValue } from './editor-context';
import { CanvasMenu, type CanvasMenuState } from './canvas-menu';
import { EditActions } from './edit-actions';
import { editorReducerWithHistory, initEditorHistoryState, type EditorHistoryState } from './editor-store';
import { EditorToolbar } from './editor-toolbar';
import { canRedo, canUndo } from './history';
import type { DatasetOption, EditorProblem, LoadedRun, RunEvent, RunState } from './editor-types';
import { problemsByNode, useGraphAnalysis } from './graph-analysis';
import { createFlowNode, findFreePosition, NODE_GAP, NODE_HEIGHT, NODE_WIDTH, toPipelineGraph } from './graph-mapping';
import { GraphQLRequestError, messageOf, newIdempotencyKey, startRun } from './graphql-client';
import { NodePalette } from './node-palette';
import { NoWorkerBanner } from './no-worker-banner';
import { NodeSettings } from './node-settings';
import { PipelineCanvas } from './pipeline-canvas';
import { RunBanner } from './run-banner';
import { PreviewPanel } from './preview-panel/preview-panel';
import { previewProblemOf } from './preview-panel/preview-problem';
import { DEFAULT_SAMPLE_CHOICE } from './preview-panel/sample-picker';
import { usePreview } from './preview-panel/use-preview';
import { ProblemsPanel } from './problems-panel';
import { SavingLayer, useSaving } from './saving/saving-layer';
import { VersionDiffCanvas } from './saving/version-diff-canvas';
import { HistoryPanel } from './saving/history-panel';
import { SchedulesPanel } from '../schedules/schedules-panel';
import { Link, useNavigate } from '@remix-run/react';
import { Button, buttonClassName } from '../components/ui/button';
import { ShortcutsHelp } from './shortcuts-help';
import { useEditorCommands } from './use-editor-commands';
import { fitViewOptions } from './fit-view';
import { useDatasetSchemas } from './use-dataset-schemas';
import { useUrlSchemas } from './use-url-schemas';
import { useRunEvents } from './use-run-events';
import { useStaleNodes } from './use-stale-nodes';
import { useLiveWorkers } from './use-worker-liveness';

export type { DatasetOption } from './editor-types';

/** Spread into the route's `links`: React Flow's base stylesheet. */
export const editorLinks = [{ rel: 'stylesheet', href: xyflowStyles }];

export type PipelineEditorProps = {
  pipeline: { id: string; name: string; revision: number };
  initialGraph: PipelineGraph;
  datasets: DatasetOption[];
  /** The pipeline's latest run: its results show on load, and one still going is followed to its end. */
  latestRun?: LoadedRun;
};

export function PipelineEditor(props: PipelineEditorProps) {
  // Built here, once, so React Flow's store holds the nodes from its first render: the canvas then mounts
  // with every node in one DOM insertion (see PipelineCanvas) instead of one insertion per node.
  const [initial] = useState(() => initEditorHistoryState({ graph: props.initialGraph, datasets: props.datasets, latestRun: props.latestRun }));
  return (
    <ReactFlowProvider initialNodes={initial.nodes} initialEdges={initial.edges}>
      <Editor {...props} initial={initial} />
    </ReactFlowProvider>
  );
}

function mergeProblems(editor: EditorProblem[], server: EditorProblem[]) {
  const seen = new Set<string>();
  return [...server, ...editor].filter((p) => {
    const key = `${p.nodeId ?? ''}|${p.edgeId ?? ''}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function Editor({ pipeline, initialGraph, initial }: PipelineEditorProps & { initial: EditorHistoryState }) {
  const [state, dispatch] = useReducer(editorReducerWithHistory, initial);
  const [problemsOpen, setProblemsOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [schedulesOpen, setSchedulesOpen] = useState(false);
  /** Below lg only: the node palette laid over the canvas. */
  const [paletteOpen, setPaletteOpen] = useState(false);
  const navigate = useNavigate();
  const [menu, setMenu] = useState<CanvasMenuState>();
  const stateRef = useRef<EditorHistoryState>(state);
  stateRef.current = state;
  const canvasRef = useRef<HTMLDivElement>(null);
  const { screenToFlowPosition, getViewport, fitView } = useReactFlow();

  useDatasetSchemas(state.nodes, state.datasets, dispatch);
  const readUrlColumns = useUrlSchemas(state.nodes, state.urlSchemas, dispatch);
  const analysis = useGraphAnalysis(state.nodes, state.edges, state.datasets, state.urlSchemas);
  const selected = state.nodes.filter((n) => n.selected);
  const previewed = selected.length === 1 ? selected[0] : undefined;
  const previewGraph = useMemo(() => ({ ...toPipelineGraph(state.nodes, state.edges), settings: state.settings }), [state.nodes, state.edges, state.settings]);
  const sample = state.settings.sample ?? DEFAULT_SAMPLE_CHOICE;
  const preview = usePreview(pipeline.id, previewGraph, previewed?.id, sample);
  const previewProblem = useMemo(() => previewProblemOf(preview.payload, analysis.problems), [preview.payload, analysis.problems]);
  const problems = useMemo(
    () =>
      mergeProblems(
        [...analysis.problems.map((p) => ({ ...p, source: 'editor' as const })), ...(previewProblem ? [previewProblem] : [])],
        state.serverProblems.map((p) => ({ ...p, source: 'server' as const })),
      ),
    [analysis.problems, state.serverProblems, previewProblem],
  );
  const byNode = useMemo(() => problemsByNode(problems, state.edges), [problems, state.edges]);
  const stale = useStaleNodes(state.run.pinned, state.nodes, state.edges);
  const nodeIds = useMemo(() => new Set(state.nodes.map((n) => n.id)), [state.nodes]);
  const context: EditorContextValue = useMemo(
    () => ({ dispatch, analysis, problems: byNode, run: state.run, stale, datasets: state.datasets, urlSchemas: state.urlSchemas, readUrlColumns }),
    [analysis, byNode, state.run, stale, state.datasets, state.urlSchemas, readUrlColumns],
  );

  // The run shown: the latest one loaded with the page (its events replay), until the user starts another.
  // While a new one starts the last stays followed: shown again if the new one is refused, it must not
  // subscribe afresh and replay its events (and log lines) onto themselves.
  useRunEvents(
    state.run.phase === 'starting' ? state.runBeforeStart?.id : state.run.id,
    useCallback((event: RunEvent) => dispatch({ type: 'runEvent', event }), []),
    useCallback((connection: RunState['connection']) => dispatch({ type: 'runConnection', connection }), []),
  );

  const liveWorkers = useLiveWorkers(state.run.phase === 'queued' || state.run.phase === 'running');

  const saving = useSaving({ pipeline, initialGraph, stateRef, dispatch, onProblems: useCallback(() => setProblemsOpen(true), []) });
  const { save } = saving;

  // Set synchronously, so a second click that lands before React re-renders the disabled button is ignored.
  const runPending = useRef(false);
  const runPipeline = useCallback(async (force = false) => {
    if (runPending.current) return;
    runPending.current = true;
    // One key per click: retries of this request reuse it, so the server starts at most one run for it.
    const idempotencyKey = newIdempotencyKey();
    dispatch({ type: 'runRequested' });
    try {
      if (!(await save())) {
        dispatch({ type: 'runFailedToStart', error: 'Could not save the pipeline, so it was not run.', problems: stateRef.current.serverProblems });
        return;
      }
      const run = await startRun(pipeline.id, idempotencyKey, force);
      dispatch({ type: 'runStarted', id: run.id, status: run.status, createdAt: run.createdAt });
    } catch (error) {
      const problems = error instanceof GraphQLRequestError ? error.problems : [];
      dispatch({ type: 'runFailedToStart', error: messageOf(error), problems });
      if (problems.length) setProblemsOpen(true);
    } finally {
      runPending.current = false;
    }
  }, [pipeline.id, save]);

  const commands = useEditorCommands(stateRef, dispatch, {
    save: () => {
      if (stateRef.current.save.status !== 'saving') void save();
    },
    toggleHelp: () => setHelpOpen((open) => !open),
  });

  const openMenu = (event: MouseEvent | ReactMouseEvent, nodeId?: string) => {
    event.preventDefault();
    const clicked = nodeId ? stateRef.current.nodes.find((n) => n.id === nodeId) : undefined;
    // A right-click on a node outside the selection acts on that node alone.
    if (clicked && !clicked.selected) dispatch({ type: 'nodeSelected', id: clicked.id });
    const count = clicked && clicked.selected ? stateRef.current.nodes.filter((n) => n.selected).length : 1;
    const flow = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    setMenu({ kind: nodeId ? 'nodes' : 'pane', x: event.clientX, y: event.clientY, flow, count });
  };

  useEffect(() => {
    const onUnload = (event: BeforeUnloadEvent) => {
      if (stateRef.current.dirty || saving.unsaved) event.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [saving.unsaved]);

  const addNode = useCallback(
    (type: string) => {
      const def = getNodeType(type);
      if (!def) return;
      const { nodes } = stateRef.current;
      const anchor = nodes.find((n) => n.selected) ?? [...nodes].sort((a, b) => b.position.x - a.position.x)[0];
      const rect = canvasRef.current?.getBoundingClientRect();
      const view = rect
        ? { min: screenToFlowPosition({ x: rect.left, y: rect.top }), max: screenToFlowPosition({ x: rect.right, y: rect.bottom }) }
        : undefined;
      // Always to the right of the anchor, the way the pipeline flows: a new node wrapped to a row below
      // would leave its wire looping back across the canvas. The view follows it instead (below).
      const origin: XYPosition = anchor
        ? { x: anchor.position.x + (anchor.measured?.width ?? NODE_WIDTH) + NODE_GAP, y: anchor.position.y }
        : view
          ? { x: view.min.x + 48, y: view.min.y + (view.max.y - view.min.y) * 0.25 }
          : { x: 0, y: 0 };
      const node = createFlowNode(def, findFreePosition(origin, nodes), nodes);
      dispatch({ type: 'nodeAdded', node });
      if (rect) {
        const { x, y, zoom } = getViewport();
        const left = node.position.x * zoom + x;
        const top = node.position.y * zoom + y;
        if (left < 0 || top < 0 || left + NODE_WIDTH * zoom > rect.width - 16 || top + (NODE_HEIGHT + 40) * zoom > rect.height - 16) {
          setTimeout(() => void fitView(fitViewOptions(nodes.length + 1, 200)), 30);
        }
      }
    },
    [screenToFlowPosition, getViewport, fitView],
  );

  const runHistoryUrl = `/runs?pipeline=${pipeline.id}`;
  /** The schedules panel is what shows unless History, which takes the same place, is open. */
  const schedulesShown = schedulesOpen && !saving.history.open;
  const toggleSchedules = () => {
    saving.history.setOpen(false);
    setSchedulesOpen(!schedulesShown);
  };
  const rightPanelOpen = saving.history.open || schedulesOpen || selected.length === 1;

  const labelOf = (id: string) => {
    const n = state.nodes.find((x) => x.id === id);
    return n ? n.data.label || getNodeType(n.data.type)?.title || id : id;
  };
  const sampleNames = state.datasets.filter((d) => d.ref.source === 'sample').map((d) => d.label);

  return (
    <EditorContext.Provider value={context}>
      <div className="flex h-full min-h-0 flex-col bg-slate-50 text-slate-900">
        <EditorToolbar
          name={saving.nameSlot}
          saveStatus={saving.statusSlot}
          historyOpen={saving.history.open}
          onToggleHistory={() => {
            setSchedulesOpen(false);
            saving.history.setOpen(!saving.history.open);
          }}
          leading={
            <Button variant="ghost" className="lg:hidden" aria-pressed={paletteOpen} aria-controls="node-palette" onClick={() => setPaletteOpen(!paletteOpen)}>
              Nodes
            </Button>
          }
          panelToggles={
            <>
              <Link to={runHistoryUrl} className={buttonClassName('ghost')}>
                Run history
              </Link>
              <Button variant="ghost" aria-pressed={schedulesShown} onClick={toggleSchedules}>
                Schedule
              </Button>
            </>
          }
          panelMenuItems={[
            { label: 'Run history', onSelect: () => navigate(runHistoryUrl) },
            { label: schedulesShown ? 'Close schedules' : 'Schedule', onSelect: toggleSchedules },
          ]}
          save={state.save}
          run={state.run}
          problemCount={problems.length}
          warningCount={analysis.warnings.length}
          problemsOpen={problemsOpen}
          onSave={() => void save()}
          onRun={(force) => void runPipeline(force)}
          onToggleProblems={() => setProblemsOpen((o) => !o)}
        >
          <EditActions
            canUndo={canUndo(state.history)}
            canRedo={canRedo(state.history)}
            onUndo={commands.undo}
            onRedo={commands.redo}
            onHelp={() => setHelpOpen(true)}
          />
        </EditorToolbar>
        {liveWorkers === 0 ? <NoWorkerBanner /> : null}
        <RunBanner run={state.run} stale={stale} nodeIds={nodeIds} />
        <div className="relative flex min-h-0 flex-1">
          <NodePalette
            narrowOpen={paletteOpen}
            onAdd={(type) => {
              addNode(type);
              setPaletteOpen(false);
            }}
          />
          <div className="flex min-w-0 flex-1 flex-col">
            <section ref={canvasRef} aria-label="Pipeline canvas" className="relative min-h-0 flex-1">
              {saving.diff ? (
                <VersionDiffCanvas {...saving.diff} />
              ) : (
                <PipelineCanvas nodes={state.nodes} edges={state.edges} sampleNames={sampleNames} onContextMenu={openMenu} />
              )}
              {menu ? (
                <CanvasMenu
                  menu={menu}
                  commands={commands}
                  canUndo={canUndo(state.history)}
                  canRedo={canRedo(state.history)}
                  onAddNode={() => {
                    setPaletteOpen(true);
                    // After the render that shows the palette below lg: a hidden input cannot take focus.
                    requestAnimationFrame(() => document.querySelector<HTMLInputElement>('aside[aria-label="Node palette"] input[type="search"]')?.focus());
                  }}
                  onClose={() => setMenu(undefined)}
                />
              ) : null}
              {problemsOpen && problems.length ? (
                <ProblemsPanel
                  problems={problems}
                  labelOf={labelOf}
                  onSelect={(id) => dispatch({ type: 'nodeSelected', id })}
                  onClose={() => setProblemsOpen(false)}
                />
              ) : null}
            </section>
            <PreviewPanel
              node={previewed}
              preview={preview}
              sample={sample}
              onSampleChange={(spec) => dispatch({ type: 'settingsChanged', settings: { sample: spec } })}
              lastOutputs={previewed ? state.run.nodes[previewed.id]?.outputs : undefined}
            />
          </div>
          {/* Below lg the right-hand panel lies over the canvas, and only while there is something in it. */}
          <div className={`${rightPanelOpen ? 'absolute inset-y-0 right-0 z-20 flex shadow-xl' : 'hidden'} lg:static lg:flex lg:shadow-none`}>
            {saving.history.open ? (
              <HistoryPanel history={saving.history} currentGraph={saving.currentGraph} onRestore={saving.restore} />
            ) : schedulesOpen ? (
              <SchedulesPanel pipelineId={pipeline.id} onClose={() => setSchedulesOpen(false)} />
            ) : (
              <NodeSettings node={selected.length === 1 ? selected[0] : undefined} />
            )}
          </div>
        </div>
        <SavingLayer saving={saving} />
      </div>
      {helpOpen ? <ShortcutsHelp onClose={() => setHelpOpen(false)} /> : null}
    </EditorContext.Provider>
  );
}
