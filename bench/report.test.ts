import { describe, expect, it } from 'vitest';
import { findShapeMismatches, formatTable, median } from './report';

describe('bench report', () => {
  it('takes the median of odd and even run counts and refuses none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(() => median([])).toThrow(/at least one run/);
  });

  it('prints one named line per figure with both ratios, and a dash for a skipped peer', () => {
    const table = formatTable([
      { name: 'load + chain', unit: 's', ours: 1, pandas: 2, polars: 0.5 },
      { name: 'peak memory', unit: 'MB', ours: 300, pandas: 600 },
    ]);
    expect(table.split('\n')).toEqual([
      'figure           ours   pandas   polars  ours/polars  ours/pandas',
      '------------  -------  -------  -------  -----------  -----------',
      'load + chain  1.000 s  2.000 s  0.500 s        2.00×        0.50×',
      'peak memory    300 MB   600 MB        —            —        0.50×',
    ]);
  });

  it('names each peer whose result differs from ours', () => {
    const ours = { train: 8, test: 2, columns: 30 };
    expect(findShapeMismatches(ours, { pandas: { ...ours }, polars: undefined })).toEqual([]);
    expect(findShapeMismatches(ours, { polars: { train: 7, test: 2, columns: 30 } })).toEqual([
      'polars produced {"train":7,"test":2,"columns":30} but ours produced {"train":8,"test":2,"columns":30}',
    ]);
  });
});
