import { useSearchParams } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { checkpointNameSchema } from '../../../engine/graph-types';
import { messageOf } from '../graphql-client';
import { createCheckpoint, fetchVersions, VERSIONS_PAGE, type PipelineVersion } from '../versions-client';
import type { PipelineGraph } from '../../../engine/graph-types';

export type CompareWith = 'previous' | 'current';

/**
 * The History panel's data: the pipeline's versions, the one selected for a diff, and checkpoints.
 * Opened with `?version=<n>` (the runs list's "Open version"), the panel starts open on that version's
 * difference from the draft, from where it can be restored without the draft being touched first.
 */
export function useVersionHistory(pipelineId: string) {
  const [searchParams] = useSearchParams();
  const wanted = useRef(Number(searchParams.get('version')) || undefined);
  const [open, setOpen] = useState(wanted.current !== undefined);
  const [versions, setVersions] = useState<PipelineVersion[]>();
  const [hasOlder, setHasOlder] = useState(false);
  const [error, setError] = useState<string>();
  const [selectedId, setSelectedId] = useState<string>();
  const [compare, setCompare] = useState<CompareWith>(wanted.current !== undefined ? 'current' : 'previous');

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

  // The linked version may be on an older page: load pages until it is listed (or none is left).
  useEffect(() => {
    const version = wanted.current;
    if (version === undefined || !versions) return;
    const found = versions.find((v) => v.version === version);
    if (found) {
      wanted.current = undefined;
      setSelectedId(found.id);
    } else if (hasOlder) void load(versions);
    else {
      wanted.current = undefined;
      setError(`Version ${version} is not in this pipeline's history.`);
    }
  }, [versions, hasOlder, load]);

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

  const index = versions?.findIndex((v) => v.id === selectedId) ?? -1;
  const selected = index >= 0 ? versions![index] : undefined;
  const previous = index >= 0 ? versions![index + 1] : undefined;
  return { open, setOpen, versions, hasOlder, loadOlder, error, selected, previous, select: setSelectedId, compare, setCompare, saveCheckpoint, reload };
}

export type VersionHistory = ReturnType<typeof useVersionHistory>;
