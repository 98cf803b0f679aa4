import { expect } from 'vitest';
import { UserError } from '../define-node';

const notThrown = () => new Error('expected a UserError');

/** The message of the UserError `work` throws; fails the test on any other error, or on none. */
export function userErrorOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw notThrown();
}

/** userErrorOf for work that rejects instead of throwing. */
export async function asyncUserErrorOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw notThrown();
}
