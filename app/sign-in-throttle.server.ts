import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { clearHits, countHits, forgiveHits } from '../db/queries/rate-limits';
import { clientAddressKey } from './client-address.server';

/**
 * Failed sign-ins are counted per (account, address), per address and per account, so that a stranger
 * cannot lock an owner out and brute force stays out of reach:
 * - one address guessing one account is stopped after PAIR_LIMIT failures;
 * - one address spraying many accounts is stopped after ADDRESS_LIMIT failures;
 * - many addresses guessing one account: past ACCOUNT_CEILING failures, each address gets only
 *   UNDER_ATTACK_PAIR_LIMIT failures on that account per window, so a distributed guesser is slowed to a
 *   crawl while the owner, signing in from their own address, still gets in, typos included.
 * Every attempt is counted before the password is checked (parallel guesses cannot slip past a limit)
 * and taken back when it succeeds or is refused unchecked: only failures count.
 */
const WINDOW_SECONDS = 15 * 60;
export const SIGN_IN_LIMITS = { PAIR_LIMIT: 10, ADDRESS_LIMIT: 50, ACCOUNT_CEILING: 20, UNDER_ATTACK_PAIR_LIMIT: 3, WINDOW_SECONDS } as const;

export type Refusal = { message: string; retryAfterSeconds: number };

export async function throttleSignIn<T extends { ok: boolean }>(
  db: Db,
  who: { email: string; address: string },
  attempt: () => Promise<T>,
): Promise<{ refused: Refusal } | { refused?: undefined; result: T }> {
  // Hashed: keys stay short and plain whatever was typed (a 6 KB or NUL-laden e-mail would not fit the key).
  const account = createHash('sha256').update(who.email.trim().toLowerCase()).digest('base64url');
  const address = clientAddressKey(who.address);
  const keys = { pair: `sign-in:pair:${account}|${address}`, address: `sign-in:address:${address}`, account: `sign-in:account:${account}` };
  const all = Object.values(keys);
  const counts = await countHits(db, all, WINDOW_SECONDS);
  const pair = counts.get(keys.pair)!;
  const byAddress = counts.get(keys.address)!;
  const byAccount = counts.get(keys.account)!;

  let refused: Refusal | undefined;
  if (pair.hits > SIGN_IN_LIMITS.PAIR_LIMIT) {
    refused = { message: 'Too many failed sign-in attempts for this account from your network.', retryAfterSeconds: pair.retryAfterSeconds };
  } else if (byAddress.hits > SIGN_IN_LIMITS.ADDRESS_LIMIT) {
    refused = { message: 'Too many failed sign-in attempts from your network.', retryAfterSeconds: byAddress.retryAfterSeconds };
  } else if (byAccount.hits > SIGN_IN_LIMITS.ACCOUNT_CEILING && pair.hits > SIGN_IN_LIMITS.UNDER_ATTACK_PAIR_LIMIT) {
    refused = {
      message: 'This account is receiving many failed sign-in attempts, so addresses that failed on it several times must wait.',
      retryAfterSeconds: Math.min(pair.retryAfterSeconds, byAccount.retryAfterSeconds),
    };
  }
  if (refused) {
    await forgiveHits(db, all);
    return { refused };
  }

  const result = await attempt();
  if (result.ok) {
    // The owner got in from here: earlier typos from this address no longer count against it.
    await clearHits(db, [keys.pair]);
    await forgiveHits(db, [keys.address, keys.account]);
  }
  return { result };
}
