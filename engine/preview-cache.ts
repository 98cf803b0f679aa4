import type { PortValue } from './define-node';
import type { Table } from './table';

/**
 * A least-recently-used cache of node sample outputs by content key, bounded in (estimated) bytes.
 * Map iteration order is insertion order, so re-inserting on every hit keeps the oldest entry first.
 */
export type PreviewCache = {
  get(key: string): Record<string, PortValue> | undefined;
  set(key: string, outputs: Record<string, PortValue>): void;
  /** Estimated bytes held; never above the budget. */
  readonly bytes: number;
  readonly size: number;
};

export function createPreviewCache(budgetBytes: number): PreviewCache {
  const entries = new Map<string, { outputs: Record<string, PortValue>; bytes: number }>();
  let total = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    total -= entry.bytes;
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.outputs;
    },
    set(key, outputs) {
      remove(key);
      const bytes = estimateOutputsBytes(outputs);
      // An entry larger than the whole budget would only evict everything else and then itself.
      if (bytes > budgetBytes) return;
      entries.set(key, { outputs, bytes });
      total += bytes;
      for (const oldest of entries.keys()) {
        if (total <= budgetBytes) break;
        remove(oldest);
      }
    },
    get bytes() {
      return total;
    },
    get size() {
      return entries.size;
    },
  };
}

/** Fixed cost per entry and per string, for the Map slots, objects and headers the arrays do not show. */
const ENTRY_OVERHEAD = 512;
const STRING_OVERHEAD = 32;

/**
 * Estimated bytes of a node's outputs: typed-array buffers plus dictionaries (2 bytes a UTF-16 unit).
 * Buffers and dictionaries shared between entries (an untouched column passed through) are counted in
 * each, so the estimate errs high and the cache evicts early rather than outgrowing its budget.
 */
export function estimateOutputsBytes(outputs: Record<string, PortValue>): number {
  const seen = new Set<unknown>();
  let bytes = ENTRY_OVERHEAD;
  for (const value of Object.values(outputs)) {
    if (value.kind === 'table') bytes += estimateTableBytes(value.table, seen);
    else if (value.kind === 'split') bytes += estimateTableBytes(value.train, seen) + estimateTableBytes(value.test, seen) + jsonBytes(value.fitted);
    else bytes += jsonBytes(value);
  }
  return bytes;
}

export function estimateTableBytes(table: Table, seen = new Set<unknown>()): number {
  let bytes = 0;
  for (const col of table.columns) {
    bytes += STRING_OVERHEAD + col.name.length * 2;
    const data = col.kind === 'category' ? col.codes : col.values;
    // Keyed by the array, not its buffer: decoded blobs hold many columns as views of one buffer.
    if (!seen.has(data)) bytes += data.byteLength;
    seen.add(data);
    if (col.kind === 'category' && !seen.has(col.dictionary)) {
      seen.add(col.dictionary);
      for (const s of col.dictionary) bytes += STRING_OVERHEAD + s.length * 2;
    }
  }
  return bytes;
}

function jsonBytes(value: unknown): number {
  return (JSON.stringify(value)?.length ?? 0) * 2;
}
