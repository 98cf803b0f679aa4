import { describe, expect, it } from 'vitest';
import type { UnseenValue } from '../kernels/unseen-categories';
import { unseenValueWarnings } from './missing-features';

const unseen = (record: number, column: string, value: string): UnseenValue => ({ record, column, value, known: ['a', 'b'], reading: 'Frequency encode gave it a frequency of 0' });

describe('unseenValueWarnings', () => {
  it('warns once per column and value, naming every record, in order of first record', () => {
    expect(unseenValueWarnings([unseen(2, 'city', 'Oslo'), unseen(0, 'city', 'Rome'), unseen(5, 'city', 'Oslo')])).toEqual([
      "Record 1: 'city' is 'Rome', a value the model never saw in training (it knows 'a', 'b'); Frequency encode gave it a frequency of 0. Send one of the known values if that is what you meant.",
      "Records 3, 6: 'city' is 'Oslo', a value the model never saw in training (it knows 'a', 'b'); Frequency encode gave it a frequency of 0. Send one of the known values if that is what you meant.",
    ]);
  });

  it('sums up a column\'s values past the tenth in one warning, so a batch of new IDs gives a dozen lines, not thousands', () => {
    const warnings = unseenValueWarnings(Array.from({ length: 2_000 }, (_, r) => unseen(r, 'customer', `C${r}`)));
    expect(warnings).toHaveLength(11);
    expect(warnings[9]).toContain("Record 10: 'customer' is 'C9'");
    expect(warnings[10]).toBe(
      "Records 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 and 1980 more: 'customer' has 1990 more values the model never saw in training ('C10', 'C11', 'C12', …; it knows 'a', 'b'); Frequency encode gave it a frequency of 0.",
    );
  });
});
