import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import type { GraphProblem, PipelineGraph, PipelineSettings } from '../../engine/graph-types';
import { getNodeType } from '../../engine/registry';
import type {
  CurvePoint,
  DatasetOption,
  LoadedRun,
  NodeRunState,
  PipelineFlowEdge,
  PipelineFlowNode,
  RunEvent,
  RunPhase,
  RunState,
  SaveState,
  UrlSchemaState,
  UrlSchemas,
} from './editor-types';
import { findDataset } from './graph-analysis';
import { finalRunPhases } from './editor-types';
import { edgeId, keptEdges, toFlowEdges, toFlowNodes, toPipelineGraph } from './graph-mapping';
import { emptyHistory, withHistory, type WithHistory } from './history';
import { deleteSelection, pasteGraph, type ClipboardGraph } from './selection-edits';

/** The editor's one store: the graph being edited, save state, the live run, and known datasets. */
export type EditorState = {
  nodes: PipelineFlowNode[];
  edges: PipelineFlowEdge[];
  dirty: boolean;
  save: SaveState;
  serverProblems: GraphProblem[];
  run: RunState;
  datasets: DatasetOption[];
  urlSchemas: UrlSchemas;
  /** Saved with the graph (e.g. the preview sample). */
  settings: PipelineSettings;
  /** The run shown before Run was clicked: shown again, with the reason, if the new one does not start. */
  runBeforeStart?: RunState;
};

export type EditorAction =
  | { type: 'nodesChanged'; changes: NodeChange<PipelineFlowNode>[] }
  | { type: 'edgesChanged'; changes: EdgeChange<PipelineFlowEdge>[] }
  | { type: 'connected'; connection: Connection }
  | { type: 'nodeAdded'; node: PipelineFlowNode }
  | { type: 'layoutApplied'; positions: Record<string, XYPosition> }
  | { type: 'nodeSelected'; id: string | null }
  | { type: 'paramsChanged'; id: string; params: Record<string, unknown> }
  | { type: 'labelChanged'; id: string; label: string }
  | { type: 'noteChanged'; id: string; note: string }
  | { type: 'nodesPasted'; clip: ClipboardGraph; at?: { x: number; y: number } }
  | { type: 'selectionDeleted' }
  | { type: 'settingsChanged'; settings: PipelineSettings }
  /** A whole graph at once (a restored version, a merge): an edit, unless `saved` says it is the server's draft. */
  | { type: 'graphReplaced'; graph: PipelineGraph; saved?: boolean }
  | { type: 'saveStarted' }
  | { type: 'saveSucceeded'; updatedAt?: string }
  | { type: 'saveFailed'; error: string; problems: GraphProblem[] }
  | { type: 'runRequested' }
  | { type: 'runStarted'; id: string; status: string; createdAt?: string }
  | { type: 'runFailedToStart'; error: string; problems: GraphProblem[] }
  | { type: 'runEvent'; event: RunEvent }
  | { type: 'runConnection'; connection: RunState['connection'] }
  | { type: 'datasetAdded'; dataset: DatasetOption }
  | { type: 'datasetSchemaLoaded'; ref: DatasetOption['ref']; schema: DatasetOption['schema'] }
  | { type: 'urlSchemaChanged'; key: string; state: UrlSchemaState };

export const idleRun: RunState = { phase: 'idle', nodeIds: [], nodes: {}, connection: 'idle' };

/** The latest run as loaded with the page: its id, so its events replay (and a run in progress is followed). */
function loadedRunState(run: LoadedRun | undefined): RunState {
  if (!run) return idleRun;
  return {
    ...idleRun,
    id: run.id,
    phase: toPhase(run.status, 'queued'),
    nodeIds: run.graph.nodes.map((n) => n.id),
    createdAt: run.createdAt,
    number: run.number,
    pinned: run.graph,
  };
}

export function initEditorState({ graph, datasets, latestRun }: { graph: PipelineGraph; datasets: DatasetOption[]; latestRun?: LoadedRun }): EditorState {
  return {
    nodes: toFlowNodes(graph),
    edges: toFlowEdges(graph),
    dirty: false,
    save: { status: 'idle' },
    serverProblems: [],
    run: loadedRunState(latestRun),
    datasets,
    urlSchemas: {},
    settings: graph.settings ?? {},
  };
}

const edited = (s: EditorState, patch: Partial<EditorState>): EditorState => ({
  ...s,
  ...patch,
  dirty: true,
  serverProblems: [],
  save: s.save.status === 'saving' ? s.save : { status: 'idle' },
  run: s.run.error ? { ...s.run, error: undefined } : s.run,
});

function updateNode(s: EditorState, id: string, patch: Partial<PipelineFlowNode['data']>): EditorState {
  return edited(s, { nodes: s.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)) });
}

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  switch (a.type) {
    case 'nodesChanged': {
      const nodes = applyNodeChanges(a.changes, s.nodes);
      const structural = a.changes.some((c) => c.type === 'remove' || c.type === 'add' || (c.type === 'position' && !c.dragging));
      if (!structural) return { ...s, nodes };
      const ids = new Set(nodes.map((n) => n.id));
      return edited(s, { nodes, edges: s.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) });
    }
    case 'edgesChanged': {
      const edges = applyEdgeChanges(a.changes, s.edges);
      const structural = a.changes.some((c) => c.type === 'remove' || c.type === 'add');
      return structural ? edited(s, { edges }) : { ...s, edges };
    }
    case 'connected': {
      const c = a.connection;
      const id = edgeId(c.source, c.sourceHandle ?? '', c.target, c.targetHandle ?? '');
      const target = s.nodes.find((n) => n.id === c.target);
      return edited(s, { edges: addEdge({ ...c, id }, keptEdges(c, s.edges, target && getNodeType(target.data.type))) });
    }
    case 'nodeAdded':
      return edited(s, { nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), a.node] });
    case 'layoutApplied':
      return edited(s, { nodes: s.nodes.map((n) => (a.positions[n.id] ? { ...n, position: a.positions[n.id]! } : n)) });
    case 'nodeSelected':
      return {
        ...s,
        nodes: s.nodes.map((n) => (n.id === a.id ? (n.selected ? n : { ...n, selected: true }) : n.selected ? { ...n, selected: false } : n)),
        edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      };
    case 'paramsChanged':
      return updateNode(s, a.id, { params: a.params });
    case 'labelChanged':
      return updateNode(s, a.id, { label: a.label.trim() === '' ? undefined : a.label });
    case 'noteChanged':
      return updateNode(s, a.id, { note: a.note === '' ? undefined : a.note });
    case 'nodesPasted':
      return edited(s, pasteGraph(s.nodes, s.edges, a.clip, a.at));
    case 'selectionDeleted': {
      const kept = deleteSelection(s.nodes, s.edges);
      return kept.nodes === s.nodes && kept.edges === s.edges ? s : edited(s, kept);
    }
    case 'settingsChanged':
      return edited(s, { settings: { ...s.settings, ...a.settings } });
    case 'graphReplaced': {
      const graph = { nodes: toFlowNodes(a.graph), edges: toFlowEdges(a.graph), settings: a.graph.settings ?? {} };
      return a.saved ? { ...s, ...graph, dirty: false, serverProblems: [] } : edited(s, graph);
    }
    case 'saveStarted':
      return { ...s, save: { status: 'saving' }, dirty: false };
    case 'saveSucceeded':
      return { ...s, save: { status: 'saved', updatedAt: a.updatedAt }, serverProblems: [] };
    case 'saveFailed':
      return { ...s, dirty: true, save: { status: 'error', error: a.error }, serverProblems: a.problems };
    case 'runRequested':
      return { ...s, runBeforeStart: s.run, run: { ...idleRun, phase: 'starting', nodeIds: s.nodes.map((n) => n.id), pinned: toPipelineGraph(s.nodes, s.edges) } };
    case 'runStarted':
      return { ...s, runBeforeStart: undefined, run: { ...s.run, id: a.id, phase: toPhase(a.status, 'queued'), createdAt: a.createdAt ?? new Date().toISOString() } };
    case 'runFailedToStart':
      // A run refused (problems, a failed save) changes nothing: the last run's badges and results stay.
      return { ...s, runBeforeStart: undefined, run: { ...(s.runBeforeStart ?? idleRun), error: a.error }, serverProblems: a.problems };
    case 'runEvent':
      return { ...s, run: applyRunEvent(s.run, a.event) };
    case 'runConnection':
      return { ...s, run: { ...s.run, connection: a.connection } };
    case 'datasetAdded':
      return { ...s, datasets: [...s.datasets, a.dataset] };
    case 'datasetSchemaLoaded':
      return { ...s, datasets: s.datasets.map((d) => (d === findDataset(s.datasets, a.ref) ? { ...d, schema: a.schema } : d)) };
    case 'urlSchemaChanged':
      return { ...s, urlSchemas: { ...s.urlSchemas, [a.key]: a.state } };
  }
}

/** The editor's reducer with undo/redo over the graph (see history.ts). */
export const editorReducerWithHistory = withHistory(editorReducer, { restore: (s, graph) => edited(s, graph) });
export type EditorHistoryState = WithHistory<EditorState>;
export const initEditorHistoryState = (init: Parameters<typeof initEditorState>[0]): EditorHistoryState => ({ ...initEditorState(init), history: emptyHistory });

function toPhase(status: string | null | undefined, fallback: RunPhase): RunPhase {
  const phases: RunPhase[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
  return phases.includes(status as RunPhase) ? (status as RunPhase) : fallback;
}

const nodeStatuses = new Set(['queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled', 'dead_letter']);

type MetricPayload = { metrics?: Record<string, { value: number; step?: number }> };

function extendCurve(curve: CurvePoint[] | undefined, payload: unknown): CurvePoint[] | undefined {
  const metrics = (payload as MetricPayload | null)?.metrics;
  const loss = metrics?.loss;
  if (!loss || typeof loss.value !== 'number' || typeof loss.step !== 'number') return curve;
  const points = curve ?? [];
  if (points.length && points[points.length - 1]!.epoch >= loss.step) return points;
  // Train reports each curve point as the metrics loss, validation_loss, metric (accuracy or R²) and validation_metric.
  const at = (name: string) => (metrics[name]?.step === loss.step ? metrics[name].value : undefined);
  return [...points.slice(-499), { epoch: loss.step, loss: loss.value, validationLoss: at('validation_loss'), metric: at('metric'), validationMetric: at('validation_metric') }];
}

export function applyRunEvent(run: RunState, e: RunEvent): RunState {
  if (e.type === 'run_status') {
    // A finished run loaded with the page replays from its first event: its final phase stays put meanwhile.
    const phase = finalRunPhases.has(run.phase) && !finalRunPhases.has(e.status ?? '') ? run.phase : toPhase(e.status, run.phase);
    return { ...run, phase, message: e.message ?? run.message, connection: 'live' };
  }
  if (!e.nodeId) return run;
  const prev: NodeRunState = run.nodes[e.nodeId] ?? { status: 'queued', logs: [] };
  let next: NodeRunState = prev;
  if (e.type === 'node_status' && e.status && nodeStatuses.has(e.status)) {
    const payload = (e.payload ?? {}) as { outputs?: Record<string, unknown>; cached?: boolean; cachedFromRunId?: string | null };
    // A rerun from a node marks reused outputs with cachedFromRunId alone; the output cache also says cached.
    const cached = e.status === 'succeeded' && (payload.cached || payload.cachedFromRunId) ? { fromRunId: payload.cachedFromRunId ?? null } : undefined;
    next = {
      ...prev,
      status: e.status as NodeRunState['status'],
      message: e.message ?? (e.status === 'running' ? prev.message : undefined),
      progress: e.status === 'succeeded' ? 1 : e.status === 'running' ? prev.progress : undefined,
      outputs: payload.outputs ?? prev.outputs,
      // A new attempt starts a new curve.
      curve: e.status === 'running' ? [] : prev.curve,
      cached,
    };
  } else if (e.type === 'node_progress') {
    next = {
      ...prev,
      status: prev.status === 'queued' ? 'running' : prev.status,
      progress: e.progress ?? prev.progress,
      message: e.message ?? prev.message,
      curve: extendCurve(prev.curve, e.payload),
    };
  } else if (e.type === 'node_log' && e.message) {
    next = { ...prev, logs: [...prev.logs.slice(-199), e.message] };
  }
  const phase = run.phase === 'queued' && next.status === 'running' ? 'running' : run.phase;
  const nodeIds = run.nodeIds.includes(e.nodeId) ? run.nodeIds : [...run.nodeIds, e.nodeId];
  return { ...run, phase, nodeIds, nodes: { ...run.nodes, [e.nodeId]: next } };
}
