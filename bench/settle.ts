import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full collection on demand, enabled here so that `npm run bench` needs no command-line flag. */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/**
 * Taken between timed runs: a full garbage collection, then a turn of the event loop. nodejs-polars frees
 * a DataFrame's native columns in a finalizer that Node runs only on a turn of the loop after the
 * collection that found the frame dead; a loop of synchronous runs never yields, so every run's frames
 * stayed resident (1.2 GB a chain run) and each run paid the first touch of fresh memory, timing Polars
 * at 2–3 s a chain instead of its 0.4–0.6 s. Ours gets the same treatment so the runs compare like for like.
 * Twice: V8 frees a dead ArrayBuffer's memory after the collection that found it, partly on a background
 * thread, and a run that starts before that is done takes fresh pages (our first timed chain run
 * faulted 11k pages after one collection, 456 after two; Polars' 158k and 115k).
 */
export async function settle(): Promise<void> {
  collect();
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  await new Promise((resolve) => setImmediate(resolve));
}
