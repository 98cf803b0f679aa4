import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import type { PipelineGraph } from '../../engine/graph-types';
import type { EditorAction, EditorState } from './editor-store';
import { toFlowEdges, toFlowNodes, toPipelineGraph } from './graph-mapping';
import { GraphQLRequestError, messageOf, savePipelineGraph } from './graphql-client';
import { conflictOf, type ServerDraft } from './versions-client';

const AUTOSAVE_DELAY_MS = 1500;
const MAX_RETRY_DELAY_MS = 30_000;

/** Two sides of a refused save: mine (the editor) and theirs (the server), both grown from `base`. */
export type SaveConflict = { base: PipelineGraph; mine: PipelineGraph; theirs: ServerDraft };

export type AutosaveStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'offline'; retryAt: number }
  | { kind: 'conflict'; conflict: SaveConflict }
  | { kind: 'invalid'; message: string };

/** The graph as the editor would save it: old node versions migrated, positions rounded, so diffs compare like with like. */
export const normalizeGraph = (graph: PipelineGraph): PipelineGraph => ({
  ...toPipelineGraph(toFlowNodes(graph), toFlowEdges(graph)),
  ...(graph.settings ? { settings: graph.settings } : {}),
});

export const editorGraph = (s: EditorState): PipelineGraph => ({ ...toPipelineGraph(s.nodes, s.edges), settings: s.settings });

type Options = {
  pipelineId: string;
  initialGraph: PipelineGraph;
  initialRevision: number;
  stateRef: { readonly current: EditorState };
  dispatch: Dispatch<EditorAction>;
  onProblems(): void;
};

/**
 * Saves the draft a moment after the last edit, at once when the page is hidden or loses focus, and on demand.
 * Saves go one at a time, each based on the revision the previous one produced; a refused save (someone else
 * saved meanwhile) stops autosaving until the conflict is resolved, and a network failure retries with backoff.
 */
export function useAutosave({ pipelineId, initialGraph, initialRevision, stateRef, dispatch, onProblems }: Options) {
  const [status, setStatus] = useState<AutosaveStatus>({ kind: 'idle' });
  const statusRef = useRef(status);
  statusRef.current = status;
  const base = useRef({ revision: initialRevision, graph: normalizeGraph(initialGraph) });
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));
  const retries = useRef(0);
  /** Set when a resolved conflict left a merged graph to save: the next autosave goes without the delay. */
  const immediate = useRef(false);
  /** The editor state the server refused as invalid: autosave waits for the next edit instead of repeating it. */
  const refused = useRef<EditorState>();

  const saveOnce = useCallback(async (): Promise<boolean> => {
    if (statusRef.current.kind === 'conflict') return false;
    const state = stateRef.current;
    if (!state.dirty) return true;
    const graph = editorGraph(state);
    dispatch({ type: 'saveStarted' });
    setStatus({ kind: 'saving' });
    try {
      const saved = await savePipelineGraph(pipelineId, graph, base.current.revision);
      base.current = { revision: saved.revision, graph };
      retries.current = 0;
      dispatch({ type: 'saveSucceeded', updatedAt: saved.updatedAt });
      setStatus({ kind: 'saved', at: new Date() });
      return true;
    } catch (error) {
      const theirs = conflictOf(error);
      const problems = error instanceof GraphQLRequestError ? error.problems : [];
      dispatch({ type: 'saveFailed', error: messageOf(error), problems });
      if (theirs) {
        setStatus({ kind: 'conflict', conflict: { base: base.current.graph, mine: graph, theirs: { ...theirs, graph: normalizeGraph(theirs.graph) } } });
      } else if (error instanceof GraphQLRequestError && (error.code === 'NETWORK' || error.code === 'HTTP')) {
        const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** retries.current++);
        setStatus({ kind: 'offline', retryAt: Date.now() + delay });
      } else {
        refused.current = state;
        setStatus({ kind: 'invalid', message: messageOf(error) });
        if (problems.length) onProblems();
      }
      return false;
    }
  }, [pipelineId, stateRef, dispatch, onProblems]);

  /** Saves now (after any save in flight); true when the editor's graph is on the server. */
  const save = useCallback(() => {
    chain.current = chain.current.then(saveOnce, saveOnce);
    return chain.current;
  }, [saveOnce]);

  const state = stateRef.current;
  useEffect(() => {
    if (!state.dirty || status.kind === 'conflict' || status.kind === 'saving') return;
    const r = refused.current;
    if (status.kind === 'invalid' && r && r.nodes === state.nodes && r.edges === state.edges && r.settings === state.settings) return;
    const wait = status.kind === 'offline' ? Math.max(0, status.retryAt - Date.now()) : immediate.current ? 0 : AUTOSAVE_DELAY_MS;
    immediate.current = false;
    const timer = setTimeout(() => void save(), wait);
    return () => clearTimeout(timer);
  }, [state.dirty, state.nodes, state.edges, state.settings, status, save]);

  useEffect(() => {
    const flush = () => {
      if (stateRef.current.dirty && statusRef.current.kind !== 'conflict') void save();
    };
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('blur', flush);
    window.addEventListener('pagehide', flush);
    window.addEventListener('online', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('blur', flush);
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('online', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [save, stateRef]);

  /** After the user settled a conflict: the editor now builds on the server's revision; `saveNow` saves the result at once. */
  const resolved = useCallback((revision: number, graph: PipelineGraph, saveNow = false) => {
    base.current = { revision, graph };
    immediate.current = saveNow;
    statusRef.current = { kind: 'idle' };
    setStatus(statusRef.current);
  }, []);

  return { status, save, resolved };
}
