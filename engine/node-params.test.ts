import { describe, expect, it } from 'vitest';
import { opensWithName } from './node-params';

describe('opensWithName', () => {
  it("knows a message that already names its node, whichever way it goes on", () => {
    expect(opensWithName("Train: fill in 'Target column'.", 'Train')).toBe(true);
    expect(opensWithName("Train/test split, 'Test share' must be more than 0.", 'Train/test split')).toBe(true);
    expect(opensWithName("Train leaves out 'Island': categories.", 'Train')).toBe(true);
  });

  it('does not take a longer name, or the name further on, for it', () => {
    expect(opensWithName("Train/test split, 'Test share' must be more than 0.", 'Train')).toBe(false);
    expect(opensWithName("Trainer: …", 'Train')).toBe(false);
    expect(opensWithName("Connect a split to the 'Split' input of Train.", 'Train')).toBe(false);
  });
});
