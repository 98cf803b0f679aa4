/**
 * What every tree family does between trees: hand the event loop a turn now and then (a worker's
 * cancel arrives as an event, and fitting is otherwise synchronous), stop when cancelled, and derive
 * per-tree seeds so a tree's randomness does not depend on which thread built it.
 */
const YIELD_EVERY_MS = 25;

export function createCheckpoint(signal: AbortSignal): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
      last = performance.now();
    }
    if (signal.aborted) throw signal.reason;
  };
}

/** A well-mixed 32-bit seed for tree `index` of a fit seeded with `seed` (splitmix-style finaliser). */
export function treeSeed(seed: number, index: number): number {
  let z = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
