/**
 * Taken between timed runs: a full garbage collection, then a turn of the event loop. nodejs-polars frees
 * a DataFrame's native columns in a finalizer that Node runs only on a turn of the loop after the
 * collection that found the frame dead; a loop of synchronous runs never yields, so every run's frames
 * stayed resident (1.2 GB a chain run) and each run paid the first touch of fresh memory, timing Polars
 * at 2–3 s a chain instead of its 0.4 s. Ours gets the same treatment so the runs compare like for like.
 * The collection needs --expose-gc (`npm run bench` passes it); without it only the turn is taken.
 */
export async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setImmediate(resolve));
}
