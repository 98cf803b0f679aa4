/**
 * Reading dates and date-times from text, as epoch milliseconds UTC. Text without a zone is read as
 * UTC, so a date stays the same calendar day wherever the server runs. Accepted:
 *   ISO 8601      2024-01-31, 2024-01-31T12:00, 2024-01-31 12:00:05.250, …Z, …+01:00
 *   year first    2024/01/31
 *   day first     31.01.2024
 *   slashes       01/31/2024 or 31/01/2024: which one is decided by the column's values (month-first
 *                 when nothing tells, as pandas does)
 *   month names   Jan 31 2024, January 31, 2024, Wed Jan 31 2024, 31 Jan 2024
 * each optionally followed by a time (`12:00`, `12:00:05.5`, `3:15 PM`) and a zone (`Z`, `UTC`, `+0100`).
 */

const TIME = String.raw`(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}$`);
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`);
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`);
const SLASHED = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`);
const MONTH_FIRST = new RegExp(String.raw`^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})${TIME}$`);
const DAY_FIRST_NAMED = new RegExp(String.raw`^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})${TIME}$`);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Which layout a text has; a column's texts must share one (ISO dates and date-times mix freely). */
const enum Layout {
  None,
  Iso,
  YearFirst,
  Dotted,
  Slashed,
  Named,
}

type Parts = { layout: Layout; year: number; first: number; second: number; timeMs: number; offsetMs: number };

/** Splits one text into its parts; `first`/`second` are month and day, except for slashes (undecided). */
function splitDate(text: string): Parts | undefined {
  const t = text.length > 40 ? '' : text.trim();
  const c = t.charCodeAt(0);
  let m: RegExpExecArray | null;
  if (c >= 48 && c <= 57) {
    if (t.charCodeAt(4) === 45 && (m = ISO.exec(t))) return withTime(Layout.Iso, +m[1], +m[2], +m[3], m, 4);
    if ((m = YEAR_FIRST.exec(t))) return withTime(Layout.YearFirst, +m[1], +m[2], +m[3], m, 4);
    if ((m = DOTTED.exec(t))) return withTime(Layout.Dotted, +m[3], +m[2], +m[1], m, 4);
    if ((m = SLASHED.exec(t))) return withTime(Layout.Slashed, +m[3], +m[1], +m[2], m, 4);
    if ((m = DAY_FIRST_NAMED.exec(t))) return withTime(Layout.Named, +m[3], monthNumber(m[2]), +m[1], m, 4);
    return undefined;
  }
  if ((m = MONTH_FIRST.exec(t))) return withTime(Layout.Named, +m[3], monthNumber(m[1]), +m[2], m, 4);
  return undefined;
}

function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  const short = MONTHS.indexOf(lower);
  return short >= 0 ? short + 1 : FULL_MONTHS.indexOf(lower) + 1;
}

function withTime(layout: Layout, year: number, first: number, second: number, m: RegExpExecArray, at: number): Parts | undefined {
  let timeMs = 0;
  if (m[at] !== undefined) {
    let hour = +m[at];
    const minute = +m[at + 1];
    const sec = m[at + 2] === undefined ? 0 : +m[at + 2];
    const fraction = m[at + 3] === undefined ? 0 : Math.round(+`0.${m[at + 3]}` * 1000);
    const meridiem = m[at + 4]?.toLowerCase();
    if (meridiem) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
    }
    if (hour > 23 || minute > 59 || sec > 59) return undefined;
    timeMs = ((hour * 60 + minute) * 60 + sec) * 1000 + fraction;
  }
  const zone = m[at + 5];
  let offsetMs = 0;
  if (zone && zone !== 'Z' && zone !== 'UTC' && zone !== 'GMT') {
    const digits = zone.replace(':', '');
    const minutes = +digits.slice(1, 3) * 60 + (digits.length > 3 ? +digits.slice(3, 5) : 0);
    offsetMs = (zone[0] === '-' ? -minutes : minutes) * 60_000;
  }
  return { layout, year, first, second, timeMs, offsetMs };
}

function toEpoch(year: number, month: number, day: number, timeMs: number, offsetMs: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return Date.UTC(year, month - 1, day) + timeMs - offsetMs;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** One text as a date (month-first for an ambiguous `01/02/2024` unless `dayFirst`); NaN when it is not one. */
export function parseDateText(text: string, dayFirst = false): number {
  const p = splitDate(text);
  if (!p) return NaN;
  const swap = p.layout === Layout.Slashed && (dayFirst || p.first > 12);
  return swap ? toEpoch(p.year, p.second, p.first, p.timeMs, p.offsetMs) : toEpoch(p.year, p.first, p.second, p.timeMs, p.offsetMs);
}

/**
 * A column's distinct texts read as dates, or undefined unless every one is a valid date of the same
 * layout. Slashed dates are day-first when some first part exceeds 12, month-first otherwise, and not
 * dates at all when both parts exceed 12 somewhere (the column mixes orders).
 */
export function inferDateTexts(texts: readonly string[]): Float64Array | undefined {
  if (texts.length === 0) return undefined;
  return inferIsoTexts(texts) ?? inferAnyLayout(texts);
}

/**
 * The common case, a column of plain ISO dates or date-times (`2024-01-31`, `2024-01-31T12:00:05.250Z`),
 * read with char codes: no regex and no allocation per value, as timestamp columns have a distinct
 * text per row. Undefined as soon as a value needs the general reader.
 */
function inferIsoTexts(texts: readonly string[]): Float64Array | undefined {
  const out = new Float64Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const v = parseIsoFast(texts[i]!);
    if (v !== v) return undefined;
    out[i] = v;
  }
  return out;
}

function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

function parseIsoFast(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (n === 10) return toEpoch(year, month, day, 0, 0);
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || n < 16 || s.charCodeAt(13) !== 58) return NaN;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  let p = 16;
  let second = 0;
  let ms = 0;
  if (p < n && s.charCodeAt(p) === 58) {
    second = digits(s, p + 1, 2);
    p += 3;
    if (p < n && s.charCodeAt(p) === 46) {
      const start = ++p;
      while (p < n && s.charCodeAt(p) >= 48 && s.charCodeAt(p) <= 57) p++;
      if (p === start) return NaN;
      ms = Math.round(digits(s, start, Math.min(p - start, 3)) * 10 ** (3 - Math.min(p - start, 3)));
    }
  }
  if (p < n && s.charCodeAt(p) === 90) p++;
  if (p !== n || hour > 23 || minute > 59 || second > 59) return NaN; // offsets and the rest: the general reader
  return toEpoch(year, month, day, ((hour * 60 + minute) * 60 + second) * 1000 + ms, 0);
}

function inferAnyLayout(texts: readonly string[]): Float64Array | undefined {
  const parts: Parts[] = [];
  let layout = Layout.None;
  let firstOver12 = false;
  let secondOver12 = false;
  for (const text of texts) {
    const p = splitDate(text);
    if (!p || (layout !== Layout.None && p.layout !== layout)) return undefined;
    layout = p.layout;
    if (p.first > 12) firstOver12 = true;
    if (p.second > 12) secondOver12 = true;
    parts.push(p);
  }
  if (layout === Layout.Slashed && firstOver12 && secondOver12) return undefined;
  const swap = layout === Layout.Slashed && firstOver12;
  const out = new Float64Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const v = swap ? toEpoch(p.year, p.second, p.first, p.timeMs, p.offsetMs) : toEpoch(p.year, p.first, p.second, p.timeMs, p.offsetMs);
    if (v !== v) return undefined;
    out[i] = v;
  }
  return out;
}

/** ISO 8601 text for a date: `2024-01-31` at midnight UTC, the full date-time otherwise. */
export function formatDate(ms: number): string {
  if (ms !== ms) return '';
  const iso = new Date(ms).toISOString();
  return ms % 86_400_000 === 0 ? iso.slice(0, 10) : iso;
}
