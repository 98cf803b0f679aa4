/**
 * The nodes this worker process is running, by run: a cancel message (CANCEL_CHANNEL) aborts their signals, so
 * their steps stop at the next batch, epoch or tree instead of at the next lease renewal.
 */
export function createRunningNodes() {
  const byRun = new Map<string, Set<AbortController>>();
  return {
    /** Returns the function that forgets the node once it ended. */
    track(runId: string, controller: AbortController) {
      const nodes = byRun.get(runId) ?? new Set();
      nodes.add(controller);
      byRun.set(runId, nodes);
      return () => {
        nodes.delete(controller);
        if (nodes.size === 0 && byRun.get(runId) === nodes) byRun.delete(runId);
      };
    },
    cancelRun(runId: string) {
      for (const controller of byRun.get(runId) ?? []) controller.abort(new Error('The run was cancelled.'));
    },
  };
}

export type RunningNodes = ReturnType<typeof createRunningNodes>;
