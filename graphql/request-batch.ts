/**
 * Per-operation batching for list fields that would otherwise ask the database once per item (N+1):
 * graphql-js resolves the fields of a list's items in one synchronous pass, so every key asked for
 * before the next tick goes into one `loadMany` call. Answers are not kept after their batch, so a
 * long-lived context (a subscription) never serves a stale one.
 */
export type BatchLoad<K, V> = (key: K) => Promise<V | undefined>;

const loadersByScope = new WeakMap<object, Map<string, BatchLoad<unknown, unknown>>>();

/** The loader named `name` for this scope (the GraphQL context: one per operation), created on first use. */
export function batchLoaderOf<K, V>(scope: object, name: string, loadMany: (keys: K[]) => Promise<Map<K, V>>): BatchLoad<K, V> {
  let loaders = loadersByScope.get(scope);
  if (!loaders) loadersByScope.set(scope, (loaders = new Map()));
  let load = loaders.get(name) as BatchLoad<K, V> | undefined;
  if (!load) loaders.set(name, (load = createBatchLoader(loadMany)) as BatchLoad<unknown, unknown>);
  return load;
}

export function createBatchLoader<K, V>(loadMany: (keys: K[]) => Promise<Map<K, V>>): BatchLoad<K, V> {
  let pending: { keys: Set<K>; answers: Promise<Map<K, V>> } | null = null;
  return (key) => {
    if (!pending) {
      const batch: { keys: Set<K>; answers: Promise<Map<K, V>> } = { keys: new Set(), answers: Promise.resolve(new Map()) };
      // After the promise jobs of the current pass (where sibling resolvers ask), like DataLoader.
      batch.answers = new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
        pending = null;
        return loadMany([...batch.keys]);
      });
      pending = batch;
    }
    pending.keys.add(key);
    return pending.answers.then((answers) => answers.get(key));
  };
}
