/**
 * Start-up and shutdown of a long-running process as one object. Stop handlers exist before anything
 * starts; each start-up step registers how to undo it as soon as it exists; a stop requested in the
 * middle of start-up aborts the step in progress (steps honour `signal`), waits for it to settle, then
 * undoes everything that was done, newest first. So a Ctrl-C at any moment leaves nothing running.
 * A second Ctrl-C ends what is still running at once (`force`), for a user who will not wait.
 */
export function createProcessLifecycle() {
  const controller = new AbortController();
  const undo: { what: string; run: () => Promise<void>; force?: () => void }[] = [];
  let starting: Promise<unknown> = Promise.resolve();
  let stopped: Promise<void> | undefined;

  return {
    signal: controller.signal,
    get stopping() {
      return stopped !== undefined;
    },
    /**
     * Registers how to stop something that now exists, and optionally how to end it at once (no waiting)
     * when the user insists with a second Ctrl-C.
     */
    defer(what: string, run: () => Promise<void>, force?: () => void) {
      undo.push({ what, run, force });
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
        for (const step of [...undo].reverse()) {
          try {
            await step.run();
          } catch (error) {
            console.error(`Could not stop the ${step.what}:`, error instanceof Error ? error.message : error);
          }
        }
      })();
      return stopped;
    },
    /** Ends everything at once, newest first, without waiting for anything to shut down cleanly. */
    force() {
      controller.abort(new Error('Stopped during start-up.'));
      for (const step of [...undo].reverse()) {
        try {
          step.force?.();
        } catch (error) {
          console.error(`Could not end the ${step.what}:`, error instanceof Error ? error.message : error);
        }
      }
    },
  };
}
