import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ColumnHeader } from './column-header';
import { ColumnSparkline } from './column-sparkline';
import type { ColumnStats } from './types';

const histogramLabel = (html: string) => html.match(/aria-label="(Histogram from [^"]*)"/)?.[1];

describe('ColumnSparkline', () => {
  const dates: ColumnStats = { missing: 0, histogram: { min: Date.parse('2012-01-01'), max: Date.parse('2015-12-31'), bins: [3, 1, 4] } };

  it("writes a date column's range as dates, not epoch milliseconds", () => {
    expect(histogramLabel(renderToStaticMarkup(createElement(ColumnSparkline, { stats: dates, rows: 8, kind: 'date' })))).toBe('Histogram from 2012-01-01 to 2015-12-31');
  });

  it("keeps a number column's range as numbers", () => {
    const numbers: ColumnStats = { missing: 0, histogram: { min: 2700, max: 6300, bins: [1, 2] } };
    expect(histogramLabel(renderToStaticMarkup(createElement(ColumnSparkline, { stats: numbers, rows: 3, kind: 'number' })))).toBe('Histogram from 2700 to 6300');
  });

  it("gets the kind from the grid's column in the header", () => {
    const html = renderToStaticMarkup(createElement(ColumnHeader, { column: { name: 'Date', kind: 'date' }, index: 0, stats: dates, rows: 8, style: {} }));
    expect(histogramLabel(html)).toBe('Histogram from 2012-01-01 to 2015-12-31');
  });
});
