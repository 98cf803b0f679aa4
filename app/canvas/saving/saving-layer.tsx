import { useCallback, useEffect, useMemo, useState, type Dispatch } from 'react';
import type { PipelineGraph } from '../../../engine/graph-types';
import type { EditorAction, EditorState } from '../editor-store';
import { editorGraph, normalizeGraph, useAutosave } from '../use-autosave';
import type { PipelineVersion } from '../versions-client';
import { ConflictDialog } from './conflict-dialog';
import { NavigationGuard } from './navigation-guard';
import { PipelineName } from './pipeline-name';
import { SaveStatus } from './save-status';
import { useConflictResolution } from './use-conflict-resolution';
import { useVersionHistory } from './use-version-history';

type Options = {
  pipeline: { id: string; name: string; revision: number };
  initialGraph: PipelineGraph;
  stateRef: { readonly current: EditorState };
  dispatch: Dispatch<EditorAction>;
  onProblems(): void;
};

const EMPTY: PipelineGraph = { nodes: [], edges: [] };

/** Everything about keeping the editor's work: autosave, conflicts, the name, versions and their diff. */
export function useSaving({ pipeline, initialGraph, stateRef, dispatch, onProblems }: Options) {
  const autosave = useAutosave({ pipelineId: pipeline.id, initialGraph, initialRevision: pipeline.revision, stateRef, dispatch, onProblems });
  const resolution = useConflictResolution(pipeline.id, autosave, stateRef, dispatch);
  const history = useVersionHistory(pipeline.id);
  const [name, setName] = useState(pipeline.name);
  const state = stateRef.current;
  const unsaved = state.dirty || ['saving', 'offline', 'conflict', 'invalid'].includes(autosave.status.kind);
  // A run pins a new version: an open History lists it.
  const { open: historyOpen, reload: reloadHistory } = history;
  useEffect(() => {
    if (historyOpen && state.run.id) void reloadHistory();
  }, [historyOpen, reloadHistory, state.run.id]);
  const currentGraph = useCallback(() => editorGraph(stateRef.current), [stateRef]);

  const { selected, previous, compare } = history;
  // The draft matters only when compared against: otherwise an edit does not re-diff.
  const draft = compare === 'current' && selected ? state : undefined;
  const diff = useMemo(() => {
    if (!selected) return undefined;
    const version = normalizeGraph(selected.graph);
    return compare === 'current'
      ? { before: version, after: editorGraph(draft ?? state), caption: `Changes since version ${selected.version} (to the current draft)` }
      : { before: normalizeGraph(previous?.graph ?? EMPTY), after: version, caption: previous
            ? `Changes in version ${selected.version} since version ${previous.version}`
            : history.hasOlder
              ? `Version ${selected.version} (load older versions to see what it changed)`
              : `Version ${selected.version}, the first` };
  }, [selected, previous, compare, history.hasOlder, draft?.nodes, draft?.edges, draft?.settings]);

  /** An edit like any other (undoable, autosaved as a new revision); history itself is never rewritten. */
  const restore = useCallback(
    (v: PipelineVersion) => {
      dispatch({ type: 'graphReplaced', graph: normalizeGraph(v.graph) });
      history.select(undefined);
    },
    [dispatch, history],
  );

  return {
    save: autosave.save,
    unsaved,
    history,
    diff,
    currentGraph,
    restore,
    resolution,
    nameSlot: <PipelineName pipelineId={pipeline.id} name={name} onRenamed={setName} />,
    statusSlot: <SaveStatus status={autosave.status} dirty={state.dirty} onOpenConflict={() => resolution.setOpen(true)} />,
  };
}

/** The dialogs the saving layer may raise over the editor. */
export function SavingLayer({ saving }: { saving: ReturnType<typeof useSaving> }) {
  const { resolution } = saving;
  return (
    <>
      {resolution.open && resolution.conflict ? (
        <ConflictDialog
          conflict={resolution.conflict}
          busy={resolution.busy}
          error={resolution.error}
          onKeepMine={resolution.keepMine}
          onTakeTheirs={resolution.takeTheirs}
          onMerge={resolution.merge}
          onClose={() => resolution.setOpen(false)}
        />
      ) : null}
      <NavigationGuard unsaved={saving.unsaved} save={saving.save} />
    </>
  );
}
