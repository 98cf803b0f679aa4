import { useCallback, useEffect, useState } from 'react';
import { checkpointNameSchema } from '../../../engine/graph-types';
import { messageOf } from '../graphql-client';
import { createCheckpoint, fetchVersions, VERSIONS_PAGE, type PipelineVersion } from '../versions-client';
import type { PipelineGraph } from '../../../engine/graph-types';

export type CompareWith = 'previous' | 'current';

/** The History panel's data: the pipeline's versions, the one selected for a diff, and checkpoints. */
export function useVersionHistory(pipelineId: string, openVersion?: number) {
  // Opened on a version (a run page's "Open version N in the editor"): History shows it on the canvas.
  const [open, setOpen] = useState(openVersion !== undefined);
  const [wanted, setWanted] = useState(openVersion);
  const [versions, setVersions] = useState<PipelineVersion[]>();
  const [hasOlder, setHasOlder] = useState(false);
  const [error, setError] = useState<string>();
  const [selectedId, setSelectedId] = useState<string>();
  const [compare, setCompare] = useState<CompareWith>('previous');

  const load = useCallback(async (older: PipelineVersion[] = []) => {
    try {
      const page = await fetchVersions(pipelineId, older.length);
      setVersions([...older, ...page]);
      setHasOlder(page.length === VERSIONS_PAGE);
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [pipelineId]);
  const reload = useCallback(() => load(), [load]);
  const loadOlder = useCallback(() => load(versions), [load, versions]);

  useEffect(() => {
    if (open) void reload();
    else setSelectedId(undefined);
  }, [open, reload]);

  /** Resolves to an error message to show, or undefined once the checkpoint is listed. */
  const saveCheckpoint = useCallback(
    async (name: string, graph: PipelineGraph) => {
      const parsed = checkpointNameSchema.safeParse(name);
      if (!parsed.success) return parsed.error.issues[0]!.message;
      try {
        await createCheckpoint(pipelineId, parsed.data, graph);
      } catch (e) {
        return messageOf(e);
      }
      await reload();
      return undefined;
    },
    [pipelineId, reload],
  );

  useEffect(() => {
    const found = wanted !== undefined ? versions?.find((v) => v.version === wanted) : undefined;
    if (!found) return;
    setSelectedId(found.id);
    setWanted(undefined);
  }, [versions, wanted]);

  const index = versions?.findIndex((v) => v.id === selectedId) ?? -1;
  const selected = index >= 0 ? versions![index] : undefined;
  const previous = index >= 0 ? versions![index + 1] : undefined;
  return { open, setOpen, versions, hasOlder, loadOlder, error, selected, previous, select: setSelectedId, compare, setCompare, saveCheckpoint, reload };
}

export type VersionHistory = ReturnType<typeof useVersionHistory>;
