import { expect, test } from 'vitest';
import { abortableIterator } from './abortable-iterator';

/** Yields `first`, then waits for a wake-up that only the abort signal gives, as the hubs' generators do. */
function waitingFollower(cleanedUp: string[]) {
  return async function* follow(signal: AbortSignal) {
    try {
      yield 'first';
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      if (signal.aborted) return;
      yield 'never';
    } finally {
      cleanedUp.push(signal.aborted ? 'aborted' : 'not aborted');
    }
  };
}

test('return() ends a pending wait at once and runs the generator’s cleanup', async () => {
  const cleanedUp: string[] = [];
  const it = abortableIterator(waitingFollower(cleanedUp));
  expect(await it.next()).toEqual({ value: 'first', done: false });
  const waiting = it.next();
  expect(await it.return!()).toMatchObject({ done: true });
  expect(await waiting).toEqual({ value: undefined, done: true });
  expect(cleanedUp).toEqual(['aborted']);
});

test('throw() aborts too, and is itself the iterator for for-await', async () => {
  const cleanedUp: string[] = [];
  const it = abortableIterator(waitingFollower(cleanedUp));
  expect(it[Symbol.asyncIterator]()).toBe(it);
  const seen: string[] = [];
  for await (const value of it) {
    seen.push(value);
    break; // for-await's break calls return()
  }
  expect(seen).toEqual(['first']);
  expect(cleanedUp).toEqual(['aborted']);
  const other = abortableIterator(waitingFollower(cleanedUp));
  await other.next();
  await expect(other.throw!(new Error('client went away'))).rejects.toThrow('client went away');
});
