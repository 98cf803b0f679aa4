import { describe, expect, it } from 'vitest';
import { formatDate, inferDateTexts, parseDateText } from './date-text';

const utc = Date.UTC;

describe('date text', () => {
  it('reads ISO 8601 dates and date-times, with zones; text without a zone is UTC', () => {
    expect(parseDateText('2024-01-31')).toBe(utc(2024, 0, 31));
    expect(parseDateText('2024-01-31T12:00')).toBe(utc(2024, 0, 31, 12));
    expect(parseDateText('2024-01-31 12:00:05.25')).toBe(utc(2024, 0, 31, 12, 0, 5, 250));
    expect(parseDateText('2024-01-31T12:00:00Z')).toBe(utc(2024, 0, 31, 12));
    expect(parseDateText('2024-01-31T12:00:00+02:00')).toBe(utc(2024, 0, 31, 10));
    expect(parseDateText('2024-01-31T12:00-0530')).toBe(utc(2024, 0, 31, 17, 30));
    expect(parseDateText(' 2024/1/31 3:15 PM ')).toBe(utc(2024, 0, 31, 15, 15));
  });

  it('refuses impossible dates and times', () => {
    for (const text of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-01-31T24:00', '12 AM', '2024-1-31', 'Foo 3 2024', '1/2', '20240131', '']) {
      expect(parseDateText(text), text).toBeNaN();
    }
  });

  it('decides day-first or month-first slashes from the column, month-first when nothing tells', () => {
    expect(inferDateTexts(['03/04/2024', '31/01/2024'])).toEqual(Float64Array.of(utc(2024, 3, 3), utc(2024, 0, 31)));
    expect(inferDateTexts(['03/04/2024', '01/31/2024'])).toEqual(Float64Array.of(utc(2024, 2, 4), utc(2024, 0, 31)));
    expect(inferDateTexts(['03/04/2024'])).toEqual(Float64Array.of(utc(2024, 2, 4)));
    expect(inferDateTexts(['31/01/2024', '01/31/2024'])).toBeUndefined();
  });

  it('takes a column as dates only when every value is one, in one layout', () => {
    expect(inferDateTexts(['2024-01-31', '2024-02-01T10:00'])).toHaveLength(2);
    expect(inferDateTexts(['2024-01-31', 'soon'])).toBeUndefined();
    expect(inferDateTexts(['2024-01-31', '2024/02/01'])).toBeUndefined();
    expect(inferDateTexts(['Jan 31 2024', '1 Feb 2024', 'Wed Jan 31 2024'])).toEqual(Float64Array.of(utc(2024, 0, 31), utc(2024, 1, 1), utc(2024, 0, 31)));
    expect(inferDateTexts([])).toBeUndefined();
  });

  it('writes a date as ISO text, the date alone at midnight', () => {
    expect(formatDate(utc(2024, 0, 31))).toBe('2024-01-31');
    expect(formatDate(utc(1969, 11, 31))).toBe('1969-12-31');
    expect(formatDate(utc(2024, 0, 31, 1))).toBe('2024-01-31T01:00:00.000Z');
  });
});
