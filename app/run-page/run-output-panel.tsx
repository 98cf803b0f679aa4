import { useCallback, useEffect, useState } from 'react';
import type { PortDef } from '../../engine/define-node';
import type { PreviewPayload } from '../../graphql/preview-payload';
import type { PreviewRowsPayload } from '../../graphql/preview-window';
import type { RunOutputUnavailable } from '../../graphql/run-output';
import { messageOf, requestGraphQL } from '~/canvas/graphql-client';
import { PreviewTables } from '~/canvas/preview-panel/preview-body';
import type { PreviewTableAt } from '~/canvas/preview-panel/preview-tabs';

const RUN_OUTPUT = /* GraphQL */ `query RunOutput($runId: ID!, $nodeId: ID!) { runOutput(runId: $runId, nodeId: $nodeId) }`;
const RUN_OUTPUT_ROWS = /* GraphQL */ `
  query RunOutputRows($runId: ID!, $nodeId: ID!, $port: String!, $part: String, $offset: Int!, $limit: Int!) {
    runOutputRows(runId: $runId, nodeId: $nodeId, port: $port, part: $part, offset: $offset, limit: $limit)
  }
`;

type Answer = PreviewPayload | RunOutputUnavailable;
type State = { status: 'loading' } | { status: 'loaded'; answer: Answer } | { status: 'error'; message: string };

/**
 * The node's stored output in this run, in the editor's preview grid: rows read from the run's results
 * (never recomputed), further windows fetched as the grid scrolls. Asked for again when `version` changes
 * (the node finished while the page was open).
 */
export function RunOutputPanel({ runId, nodeId, nodeName, outputs, version }: { runId: string; nodeId: string; nodeName: string; outputs: readonly PortDef[]; version: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    requestGraphQL<{ runOutput: Answer }>(RUN_OUTPUT, { runId, nodeId }, controller.signal).then(
      (data) => setState({ status: 'loaded', answer: data.runOutput }),
      (error) => controller.signal.aborted || setState({ status: 'error', message: messageOf(error) }),
    );
    return () => controller.abort();
  }, [runId, nodeId, version]);
  const readRows = useCallback(
    (at: PreviewTableAt, offset: number, limit: number, signal: AbortSignal) =>
      requestGraphQL<{ runOutputRows: PreviewRowsPayload }>(RUN_OUTPUT_ROWS, { runId, nodeId, port: at.port, part: at.part ?? null, offset, limit }, signal).then((d) => d.runOutputRows),
    [runId, nodeId],
  );

  if (state.status === 'loading') {
    return (
      <p role="status" className="p-4 text-sm text-slate-500">
        Reading the stored output of {nodeName}…
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <p role="alert" className="m-4 rounded-md bg-red-50 p-2 text-sm text-red-800">
        Could not read the output of {nodeName}: {state.message}
      </p>
    );
  }
  const answer = state.answer;
  if (answer.status !== 'ok') return <p className="p-4 text-sm text-slate-600">{'message' in answer ? answer.message : `${nodeName} has no stored output.`}</p>;
  return <PreviewTables payload={answer} readRows={readRows} nodeName={nodeName} outputs={outputs} labelPrefix="Output of" />;
}
