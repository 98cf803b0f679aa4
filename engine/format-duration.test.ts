import { expect, test } from 'vitest';
import { formatDuration } from './format-duration';

test.each([
  [0, '0 ms'],
  [850, '850 ms'],
  [999.7, '999 ms'],
  [1_000, '1 s'],
  [4_210, '4.2 s'],
  [4_290, '4.2 s'],
  [9_999, '9.9 s'],
  [12_400, '12 s'],
  [59_900, '59 s'],
  [60_000, '1 min'],
  [184_000, '3 min 4 s'],
  [185_000, '3 min 5 s'],
  [3_600_000, '1 h'],
  [3_720_000, '1 h 2 min'],
  [7_500_000, '2 h 5 min'],
])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
