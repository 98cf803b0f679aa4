/**
 * Whether this runtime can start worker threads on shared memory: Node with SharedArrayBuffer. The engine
 * is bundled for the browser too, where it never fits a model or parses a whole file; this module
 * imports nothing, so the checks that gate the thread modules' `await import` cost the browser nothing.
 */
export function canStartThreads(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof process !== 'undefined' && Boolean(process.versions?.node);
}
