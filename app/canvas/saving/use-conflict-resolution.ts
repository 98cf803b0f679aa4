import { useCallback, useState, type Dispatch } from 'react';
import { findConflicts, mergeGraphs, type Side } from '../../../engine/graph-diff';
import type { PipelineGraph } from '../../../engine/graph-types';
import type { EditorAction, EditorState } from '../editor-store';
import { editorGraph, type SaveConflict, type useAutosave } from '../use-autosave';
import { createCheckpoint } from '../versions-client';
import { formatDateTime } from '../../components/local-time';

type Autosave = ReturnType<typeof useAutosave>;

const stamp = () => formatDateTime(new Date(), { timeOnly: true });

/**
 * The three ways out of a refused save. Whichever side is replaced is first kept as a named version, so
 * "keep mine" and "take theirs" never lose the other side's work; the editor then builds on the server's revision.
 */
export function useConflictResolution(pipelineId: string, autosave: Autosave, stateRef: { readonly current: EditorState }, dispatch: Dispatch<EditorAction>) {
  const [open, setOpen] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const conflict = autosave.status.kind === 'conflict' ? autosave.status.conflict : undefined;

  /** The conflict with "mine" as the editor holds it now (edits may have followed the refused save). */
  const current = useCallback((): SaveConflict | undefined => conflict && { ...conflict, mine: editorGraph(stateRef.current) }, [conflict, stateRef]);

  const settle = useCallback(
    async (keep: { mine?: boolean; theirs?: boolean }, result: PipelineGraph | 'theirs') => {
      const c = current();
      if (!c) return;
      setBusy(true);
      setError(undefined);
      try {
        if (keep.mine) await createCheckpoint(pipelineId, `My edits, replaced in a conflict (${stamp()})`, c.mine);
        if (keep.theirs) await createCheckpoint(pipelineId, `Other edits, replaced in a conflict (${stamp()})`, c.theirs.graph);
      } catch {
        setBusy(false);
        return setError('Could not keep the replaced side as a version, so nothing was changed. Check your connection and try again.');
      }
      autosave.resolved(c.theirs.revision, c.theirs.graph, result !== 'theirs');
      dispatch(result === 'theirs' ? { type: 'graphReplaced', graph: c.theirs.graph, saved: true } : { type: 'graphReplaced', graph: result });
      setBusy(false);
      setOpen(true);
    },
    [current, pipelineId, autosave, dispatch],
  );

  const keepMine = useCallback(() => {
    const c = current();
    if (c) void settle({ theirs: true }, c.mine);
  }, [current, settle]);
  const takeTheirs = useCallback(() => void settle({ mine: true }, 'theirs'), [settle]);
  const merge = useCallback(
    (choices: Record<string, Side>) => {
      const c = current();
      if (!c) return;
      const picked = findConflicts(c.base, c.mine, c.theirs.graph).map((x) => choices[x.id] ?? 'mine');
      void settle({ mine: picked.includes('theirs'), theirs: picked.includes('mine') }, mergeGraphs(c.base, c.mine, c.theirs.graph, choices));
    },
    [current, settle],
  );

  return { conflict: current(), open: open && !!conflict, setOpen, busy, error, keepMine, takeTheirs, merge };
}
