import { UserError } from '../define-node';

/**
 * What a fit loop calls between iterations: throws the signal's reason once cancelled, and lets the
 * event loop run now and then so a cancel message (or progress flush) can arrive during a long fit.
 * Yielding every iteration would cost ~1 ms each in Node's timers, so it yields at most every 50 ms.
 */
const YIELD_EVERY_MS = 50;

export function createCheckpoint(signal: AbortSignal): () => Promise<void> {
  let lastYield = performance.now();
  return async () => {
    signal.throwIfAborted();
    if (performance.now() - lastYield < YIELD_EVERY_MS) return;
    await yieldToEventLoop();
    lastYield = performance.now();
    signal.throwIfAborted();
  };
}

/** Lets the event loop run once: pending I/O (a cancel, a progress flush, helper threads starting) goes first. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Hosts pass every learning-curve point through this: a loss that turned NaN or infinite means the fit
 * diverged (too high a learning rate, features on wild scales), which no retry fixes, so it is the user's to act on.
 */
export function checkFiniteLoss(model: string, point: { step: number; loss: number; validationLoss?: number }): void {
  const bad = [point.loss, point.validationLoss].find((v) => v !== undefined && !Number.isFinite(v));
  if (bad === undefined) return;
  throw new UserError(`Train: ${model} training diverged at step ${point.step} (the loss became ${bad}). Lower the learning rate, or Rescale the features before Train.`);
}
