import { describe, expect, it } from 'vitest';
import { formatCount, formatCountOf } from './format-count';

describe('formatCount', () => {
  it('groups digits', () => expect(formatCount(3201)).toBe('3,201'));
});

describe('formatCountOf', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(formatCountOf(1, 'row')).toBe('1 row');
    expect(formatCountOf(0, 'row')).toBe('0 rows');
    expect(formatCountOf(2, 'column')).toBe('2 columns');
    expect(formatCountOf(1500, 'row')).toBe('1,500 rows');
  });

  it('takes an irregular plural', () => expect(formatCountOf(3, 'match', 'matches')).toBe('3 matches'));
});
