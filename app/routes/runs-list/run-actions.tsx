import { Link } from '@remix-run/react';
import { useState } from 'react';
import { messageOf, newIdempotencyKey, requestGraphQL } from '~/canvas/graphql-client';
import { CancelRunButton } from '~/components/cancel-run-button';
import { Button } from '~/components/ui/button';
import type { RunListRow } from '~/runs-page.server';

const RERUN_RUN = /* GraphQL */ `
  mutation RerunRun($runId: ID!, $idempotencyKey: String, $force: Boolean) {
    rerunRun(runId: $runId, idempotencyKey: $idempotencyKey, force: $force) { id number pipelineName }
  }
`;

export type StartedRun = { id: string; number: number; pipelineName: string; force: boolean };

/** The editor opens on the pinned version's diff against the draft, from where it can be restored. */
export const pinnedVersionHref = (run: Pick<RunListRow, 'pipelineId' | 'pipelineVersion'>) => `/pipelines/${run.pipelineId}?version=${run.pipelineVersion}`;

/**
 * A row's actions: rerun the same pinned version (reusing stored outputs), force a rerun that recomputes
 * every node, and open the pinned version in the editor. One key per click, so a retried request makes one run.
 */
export function RunActions({ run, canEdit, onStarted, onError }: { run: RunListRow; canEdit: boolean; onStarted(r: StartedRun): void; onError(message: string): void }) {
  const [busy, setBusy] = useState(false);
  const name = `run #${run.number} of ${run.pipelineName}`;
  async function rerun(force: boolean) {
    setBusy(true);
    try {
      const data = await requestGraphQL<{ rerunRun: Omit<StartedRun, 'force'> }>(RERUN_RUN, { runId: run.id, idempotencyKey: newIdempotencyKey(), force });
      onStarted({ ...data.rerunRun, force });
    } catch (error) {
      onError(`Could not rerun ${name}: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex items-center justify-end gap-1">
      {canEdit && (run.status === 'queued' || run.status === 'running') ? <CancelRunButton runId={run.id} size="sm" label={`Cancel ${name}`} /> : null}
      {canEdit ? (
        <>
          <Button size="sm" disabled={busy} aria-label={`Rerun ${name}`} title="Run the same version again; unchanged steps reuse stored outputs" onClick={() => rerun(false)}>
            Rerun
          </Button>
          <Button size="sm" variant="ghost" disabled={busy} aria-label={`Force rerun ${name}`} title="Run the same version again, recomputing every step" onClick={() => rerun(true)}>
            Force rerun
          </Button>
        </>
      ) : null}
      <Link
        to={pinnedVersionHref(run)}
        aria-label={`Open version ${run.pipelineVersion} of ${run.pipelineName} in the editor`}
        className="rounded-md px-2 py-1 text-xs text-indigo-700 hover:bg-indigo-50"
      >
        Open version
      </Link>
    </div>
  );
}
