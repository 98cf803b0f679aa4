import { useState } from 'react';
import { messageOf, requestGraphQL } from '../canvas/graphql-client';
import { Button } from './ui/button';
import { StopIcon } from './ui/icons';

const CANCEL_RUN = /* GraphQL */ `
  mutation CancelRun($runId: ID!) {
    cancelRun(runId: $runId) { id status }
  }
`;

/**
 * Cancels a queued or running run; the run's own events (its page, the canvas, the runs list) then show it
 * ended. No confirmation: a cancelled run is undone by running it again. Cancelling is safe to repeat, so a
 * double click or a retried request does no harm.
 */
/** `label` names the button where several show at once (a list of runs): "Cancel run #3 of Penguins". */
export function CancelRunButton({ runId, size = 'md', label, onCancelled }: { runId: string; size?: 'sm' | 'md'; label?: string; onCancelled?: () => void }) {
  const [state, setState] = useState<{ status: 'idle' | 'cancelling' } | { status: 'error'; message: string }>({ status: 'idle' });
  const cancel = async () => {
    setState({ status: 'cancelling' });
    try {
      await requestGraphQL(CANCEL_RUN, { runId });
      setState({ status: 'idle' });
      onCancelled?.();
    } catch (error) {
      setState({ status: 'error', message: messageOf(error) });
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      {state.status === 'error' ? (
        <span role="alert" className="max-w-[16rem] truncate text-xs text-red-600" title={state.message}>
          {state.message}
        </span>
      ) : null}
      <Button variant="danger" size={size} aria-label={label} onClick={cancel} disabled={state.status === 'cancelling'} title="Stop this run: nodes not started yet never start">
        <StopIcon width={12} height={12} />
        {state.status === 'cancelling' ? 'Cancelling…' : 'Cancel run'}
      </Button>
    </span>
  );
}
