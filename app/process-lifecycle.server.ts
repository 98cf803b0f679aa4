/**
 * Start-up and shutdown of a long-running process as one object. Stop handlers exist before anything
 * starts; each start-up step registers how to undo it as soon as it exists; a stop requested in the
 * middle of start-up aborts the step in progress (steps honour `signal`), waits for it to settle, then
 * undoes everything that was done, newest first. So a Ctrl-C at any moment leaves nothing running.
 */
export function createProcessLifecycle() {
  const controller = new AbortController();
  const undo: { what: string; run: () => Promise<void> }[] = [];
  let starting: Promise<unknown> = Promise.resolve();
  let stopped: Promise<void> | undefined;

  return {
    signal: controller.signal,
    get stopping() {
      return stopped !== undefined;
    },
    /** Registers how to stop something that now exists. */
    defer(what: string, run: () => Promise<void>) {
      undo.push({ what, run });
    },
    start<T>(steps: (signal: AbortSignal) => Promise<T>): Promise<T> {
      const result = steps(controller.signal);
      starting = result;
      return result;
    },
    stop(): Promise<void> {
      if (stopped) return stopped;
      controller.abort(new Error('Stopped during start-up.'));
      stopped = (async () => {
        await starting.catch(() => {});
        for (const step of undo.reverse()) {
          try {
            await step.run();
          } catch (error) {
            console.error(`Could not stop the ${step.what}:`, error instanceof Error ? error.message : error);
          }
        }
      })();
      return stopped;
    },
  };
}
