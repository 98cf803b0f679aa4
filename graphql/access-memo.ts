import type { Db } from '../db/client';

/**
 * The preview query's access answers ("this pipeline is the team's", "this dataset version is the
 * team's, stored at this blob key"), kept for a few seconds. A preview is asked for every ~150 ms while
 * the user types, and each asked the database the same questions again. Only answers found are kept:
 * a refusal is always asked again. A pipeline or dataset deleted meanwhile stays previewable by its own
 * team for at most ACCESS_MEMO_MS (a deleted upload's blob is gone, so its preview then fails).
 */
export const ACCESS_MEMO_MS = 5_000;
const MAX_ENTRIES = 2_000;

export type AccessMemo = { get(key: string): unknown; set<T>(key: string, value: T): T };

/** One memo per database handle, so servers on different databases (tests) never share answers. */
const memos = new WeakMap<Db, AccessMemo>();

export function accessMemoOf(db: Db, now: () => number = Date.now): AccessMemo {
  let memo = memos.get(db);
  if (!memo) memos.set(db, (memo = createAccessMemo(now)));
  return memo;
}

export function createAccessMemo(now: () => number): AccessMemo {
  const entries = new Map<string, { value: unknown; until: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.until > now()) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, until: now() + ACCESS_MEMO_MS });
      // Map keeps insertion order: the first entries are the oldest.
      for (const oldest of entries.keys()) {
        if (entries.size <= MAX_ENTRIES) break;
        entries.delete(oldest);
      }
      return value;
    },
  };
}
