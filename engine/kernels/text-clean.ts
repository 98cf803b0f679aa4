import { RE2JS } from 're2js';
import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import { requireColumn } from '../table-ops';
import { requireCategoryColumn } from './category-column';

/**
 * Text clean-up on category columns: replace (literal, or a short regular expression), collapse runs
 * of white space, trim, change case, in that order. It works on the dictionary, so it costs
 * O(distinct values) string work plus one pass over the codes; values that become equal (' Paris',
 * 'paris ') merge into one category, and a value that becomes empty becomes missing.
 */
export type TextCase = 'keep' | 'lower' | 'upper';
export type TextCleanOptions = {
  columns: string[];
  trim: boolean;
  collapseSpaces: boolean;
  case: TextCase;
  find: string;
  replaceWith: string;
  regex: boolean;
};

const WHERE = 'Text clean-up';
export const MAX_PATTERN_LENGTH = 100;

/** What to search for: literal text, or a compiled regular expression. */
type Find = { literal: string } | { pattern: RE2JS };

/**
 * The pattern to search for, or a UserError saying why it is refused. Regular expressions run on RE2JS
 * (as the Validate node's patterns do): matching is linear in the value's length whatever the pattern,
 * so `(a+)+$` cannot hang a worker; look-arounds and back-references are not available.
 */
export function compileFind(options: Pick<TextCleanOptions, 'find' | 'regex'>): Find | null {
  if (options.find === '') return null;
  if (!options.regex) return { literal: options.find };
  if (options.find.length > MAX_PATTERN_LENGTH) {
    throw new UserError(`${WHERE}: the regular expression is ${options.find.length} characters long; the limit is ${MAX_PATTERN_LENGTH}. Shorten it, or turn off 'Regular expression' to replace literal text.`);
  }
  try {
    return { pattern: RE2JS.compile(options.find) };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp:\s*/, '');
    throw new UserError(`${WHERE}: '${options.find}' is not a valid regular expression (${reason}). Fix it, or turn off 'Regular expression' to replace literal text.`);
  }
}

/** The distinct non-empty cleaned values, in first-seen order (what the dictionary becomes). */
export function cleanValues(values: readonly string[], options: TextCleanOptions): string[] {
  const clean = cleaner(options);
  return [...new Set(values.map(clean))].filter((v) => v !== '');
}

function cleaner(options: TextCleanOptions): (text: string) => string {
  const find = compileFind(options);
  return (text) => {
    // A literal search takes a literal replacement: a function keeps '$&' and the like from being expanded.
    // A pattern's replacement expands $1, $& … as String.prototype.replace does (RE2JS's default mode).
    let out = find === null ? text : 'literal' in find ? text.replaceAll(find.literal, () => options.replaceWith) : find.pattern.matcher(text).replaceAll(options.replaceWith);
    if (options.collapseSpaces) out = out.replace(/\s+/g, ' ');
    if (options.trim) out = out.trim();
    if (options.case === 'lower') out = out.toLowerCase();
    else if (options.case === 'upper') out = out.toUpperCase();
    return out;
  };
}

export function cleanText(table: Table, options: TextCleanOptions): Table {
  const clean = cleaner(options);
  const names = new Set(options.columns.length > 0 ? options.columns : table.columns.filter((c) => c.kind === 'category').map((c) => c.name));
  for (const name of names) requireColumn(table, name, WHERE);
  const columns = table.columns.map((original): Column => {
    if (!names.has(original.name)) return original;
    const col = requireCategoryColumn(table, original.name, WHERE);
    const dictionary: string[] = [];
    const codeOf = new Map<string, number>();
    const remap = Int32Array.from(col.dictionary, (text) => {
      const cleaned = clean(text);
      if (cleaned === '') return -1;
      let code = codeOf.get(cleaned);
      if (code === undefined) {
        code = dictionary.push(cleaned) - 1;
        codeOf.set(cleaned, code);
      }
      return code;
    });
    const identity = remap.every((code, i) => code === i);
    return { kind: 'category', name: col.name, codes: identity ? col.codes : remapCodes(col.codes, remap), dictionary };
  });
  return { rowCount: table.rowCount, columns };
}

function remapCodes(codes: Int32Array, remap: Int32Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i] < 0 ? -1 : remap[codes[i]];
  return out;
}
