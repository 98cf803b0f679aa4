/**
 * A subscription's async iterator over `follow(signal)`. Its `return()` and `throw()` (a client
 * unsubscribing or disconnecting) abort the signal before reaching the generator, so a generator waiting
 * for its next wake-up ends at once; a plain async generator would queue them until its next value, which
 * may never come, and keep the subscriber registered meanwhile.
 */
export function abortableIterator<T>(follow: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const values = follow(controller.signal);
  return {
    next: () => values.next(),
    return: (value?: unknown) => {
      controller.abort();
      return values.return(value as undefined);
    },
    throw: (error?: unknown) => {
      controller.abort();
      return values.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
