import type { PipelineSettings } from '../../engine/graph-types';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';

/**
 * Undo/redo as a wrapper over the editor's reducer. It never lists the graph actions: any action that changes
 * the graph's content (nodes' ids, positions and data; edges' ends; settings) becomes one undo entry, so a
 * new graph action (auto-layout, paste, a version restore) is undoable with no code here. Selection, measured
 * sizes and run/save/dataset state are not content and never make entries.
 */

/** The part of the editor's state that undo restores. */
export type GraphSnapshot = { nodes: PipelineFlowNode[]; edges: PipelineFlowEdge[]; settings: PipelineSettings };

export type HistoryStacks = {
  past: GraphSnapshot[];
  future: GraphSnapshot[];
  /** The last entry's coalescing key and time: typing in one field within COALESCE_MS adds to it. */
  last?: { key: string; at: number };
  /** The graph as it was when a drag began: a whole drag is one entry, pushed when it ends. */
  dragBase?: GraphSnapshot;
};

export type HistoryAction = { type: 'undo' } | { type: 'redo' };
export type WithHistory<S> = S & { history: HistoryStacks };

export const HISTORY_LIMIT = 100;
export const COALESCE_MS = 1000;

/**
 * Actions that never edit the graph (UI, run, save, datasets). Skipping them is only a shortcut: one missing
 * here still makes no entry unless it changes the graph's content.
 */
export const nonGraphActions = new Set<string>([
  'nodeSelected',
  'saveStarted',
  'saveSucceeded',
  'saveFailed',
  'runRequested',
  'runStarted',
  'runFailedToStart',
  'runEvent',
  'runConnection',
  'datasetAdded',
  'datasetSchemaLoaded',
  'urlSchemaChanged',
]);

export const emptyHistory: HistoryStacks = { past: [], future: [] };

export const canUndo = (h: HistoryStacks) => h.past.length > 0;
export const canRedo = (h: HistoryStacks) => h.future.length > 0;

const snapshotOf = (s: GraphSnapshot): GraphSnapshot => ({ nodes: s.nodes, edges: s.edges, settings: s.settings });

function sameNodes(a: readonly PipelineFlowNode[], b: readonly PipelineFlowNode[]) {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((n, i) => {
    const m = b[i]!;
    return n === m || (n.id === m.id && n.data === m.data && n.position.x === m.position.x && n.position.y === m.position.y);
  });
}

function sameEdges(a: readonly PipelineFlowEdge[], b: readonly PipelineFlowEdge[]) {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((e, i) => {
    const f = b[i]!;
    return e === f || (e.id === f.id && e.source === f.source && e.target === f.target && e.sourceHandle === f.sourceHandle && e.targetHandle === f.targetHandle);
  });
}

/** Whether two graphs differ in what is saved (selection and measured sizes are not). */
export function sameGraph(a: GraphSnapshot, b: GraphSnapshot) {
  return sameNodes(a.nodes, b.nodes) && sameEdges(a.edges, b.edges) && a.settings === b.settings;
}

/**
 * Edits of one node's one field (a param, its label, its note) share a key, so typing a word is one entry.
 * Other actions do not coalesce.
 */
function coalesceKeyOf(action: { type: string }, before: GraphSnapshot, after: GraphSnapshot): string | undefined {
  const id = (action as { id?: unknown }).id;
  if (typeof id !== 'string') return undefined;
  if (action.type !== 'paramsChanged') return `${action.type}:${id}`;
  const was = before.nodes.find((n) => n.id === id)?.data.params ?? {};
  const now = after.nodes.find((n) => n.id === id)?.data.params ?? {};
  const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((k) => was[k] !== now[k]).sort();
  return `${action.type}:${id}:${fields.join(',')}`;
}

const isDragging = (s: GraphSnapshot) => s.nodes.some((n) => n.dragging);

/** A restored graph never carries a drag in progress. */
const settle = (nodes: PipelineFlowNode[]) => nodes.map((n) => (n.dragging ? { ...n, dragging: false } : n));

type Options<S> = {
  /** Puts a snapshot back into the state (and marks it edited). */
  restore: (state: S, snapshot: GraphSnapshot) => S;
  now?: () => number;
};

export function withHistory<S extends GraphSnapshot, A extends { type: string }>(reducer: (s: S, a: A) => S, { restore, now = Date.now }: Options<S>) {
  return function historyReducer(state: WithHistory<S>, action: A | HistoryAction): WithHistory<S> {
    const h = state.history;
    if (action.type === 'undo' || action.type === 'redo') {
      const undo = action.type === 'undo';
      const target = (undo ? h.past : h.future).at(-1);
      if (!target) return state;
      const restored = restore(state, { ...target, nodes: settle(target.nodes) });
      const current = snapshotOf(state);
      const history: HistoryStacks = undo
        ? { past: h.past.slice(0, -1), future: [...h.future, current] }
        : { past: [...h.past, current], future: h.future.slice(0, -1) };
      return { ...restored, history };
    }
    const next = reducer(state, action as A) as WithHistory<S>;
    if (nonGraphActions.has(action.type) || next === state) return next;
    const history = record(h, state, next, action as A, now());
    return history === h ? next : { ...next, history };
  };
}

function record(h: HistoryStacks, before: GraphSnapshot, after: GraphSnapshot, action: { type: string }, at: number): HistoryStacks {
  if (isDragging(after)) return h.dragBase ? h : { ...h, dragBase: snapshotOf(before) };
  const base = h.dragBase ?? before;
  if (sameGraph(base, after)) return h.dragBase ? { ...h, dragBase: undefined } : h;
  const key = h.dragBase ? undefined : coalesceKeyOf(action, before, after);
  if (key && h.last?.key === key && at - h.last.at < COALESCE_MS && h.past.length) {
    return { ...h, future: [], last: { key, at } };
  }
  return {
    past: [...h.past.slice(-(HISTORY_LIMIT - 1)), snapshotOf(base)],
    future: [],
    last: key ? { key, at } : undefined,
  };
}
