import type { ColumnKind, ColumnSchema } from '../table';
import { ExpressionError } from './errors';
import { FUNCTIONS } from './functions';
import { tokenize, type Token } from './lexer';

/**
 * What the editor offers at a cursor position in an expression: upstream columns, allowlisted
 * functions and keywords. Context comes from the language's own tokenizer, so completion agrees with
 * what the parser will read (no completion inside a text literal, backticked names stay backticked).
 */
export type CompletionItem = {
  kind: 'column' | 'function' | 'keyword';
  /** What the list shows: the column name, function name or keyword. */
  label: string;
  /** The text that replaces the range [from, to); a function's '(' is added by applyCompletion. */
  insert: string;
  /** A function's signature. */
  detail?: string;
  description?: string;
  columnKind?: ColumnKind;
};

export type Completion = {
  from: number;
  to: number;
  /** What is typed so far of the name being completed (inside backticks: without the backtick). */
  prefix: string;
  /** True inside an unfinished backticked name, where only columns make sense. */
  quoted: boolean;
  items: CompletionItem[];
};

type Position = 'operand' | 'operator' | 'after-is' | 'after-is-not';

const KEYWORD_ITEMS: Record<Position, [label: string, insert: string][]> = {
  operand: [['not', 'not '], ['null', 'null'], ['true', 'true'], ['false', 'false']],
  operator: [['and', 'and '], ['or', 'or '], ['is null', 'is null'], ['is not null', 'is not null']],
  'after-is': [['null', 'null'], ['not null', 'not null']],
  'after-is-not': [['null', 'null']],
};

/** The suggestions at `cursor` (an offset into `source`), or null where none make sense (in text, in a number). */
export function completeExpression(source: string, cursor: number, columns: readonly ColumnSchema[]): Completion | null {
  const before = scan(source.slice(0, cursor));
  if (!before) return null;
  if (before.openQuote) {
    const { quote, offset } = before.openQuote;
    if (quote !== '`') return null;
    const prefix = source.slice(offset + 1, cursor).replaceAll('``', '`');
    return { from: offset, to: quotedNameEnd(source, offset, cursor), prefix, quoted: true, items: rank(columnItems(columns, true), prefix) };
  }
  const { tokens } = before;
  const last = tokens.at(-1);
  const touching = last !== undefined && last.pos.offset + last.text.length === cursor;
  if (touching && last.kind === 'number') return null;
  const word = touching && (last.kind === 'ident' || last.kind === 'keyword') ? last : undefined;
  const [prev, prevPrev] = word ? [tokens.at(-2), tokens.at(-3)] : [last, tokens.at(-2)];
  const position = positionAfter(prev, prevPrev);
  const from = word ? word.pos.offset : cursor;
  const prefix = word ? word.text : '';
  const candidates = [
    ...(position === 'operand' ? [...columnItems(columns, false), ...functionItems()] : []),
    ...KEYWORD_ITEMS[position].map(([label, insert]): CompletionItem => ({ kind: 'keyword', label, insert })),
  ];
  // What is typed out in full is not offered again: a keyword in any case (the language reads `AND` as `and`),
  // a column only as spelt (names are matched exactly, so `sex` still offers `Sex`); a function always is,
  // since accepting it adds the '('.
  const typedOut = (item: CompletionItem) => (item.kind === 'keyword' ? item.label.toLowerCase() === prefix.toLowerCase() : item.kind === 'column' && item.insert === prefix);
  return { from, to: word ? wordEnd(source, from, cursor) : cursor, prefix, quoted: false, items: rank(candidates, prefix).filter((item) => !typedOut(item)) };
}

/** The text after accepting `item`, and where the cursor goes: after the name, or inside a function's parentheses. */
export function applyCompletion(source: string, completion: Completion, item: CompletionItem): { text: string; cursor: number } {
  const hasParen = source[completion.to] === '(';
  const insert = item.kind === 'function' && !hasParen ? `${item.insert}(` : item.insert;
  const text = source.slice(0, completion.from) + insert + source.slice(completion.to);
  return { text, cursor: completion.from + insert.length + (item.kind === 'function' && hasParen ? 1 : 0) };
}

/** A column name as the language reads it: bare when the tokenizer reads it as one plain name, else in backticks. */
export function quoteColumnName(name: string): string {
  const read = scan(name);
  const bare = read && !read.openQuote && read.tokens.length === 1 && read.tokens[0].kind === 'ident' && read.tokens[0].text === name;
  return bare ? name : backticked(name);
}

const backticked = (name: string) => `\`${name.replaceAll('`', '``')}\``;

function columnItems(columns: readonly ColumnSchema[], quoted: boolean): CompletionItem[] {
  return columns.map((c) => ({ kind: 'column', label: c.name, insert: quoted ? backticked(c.name) : quoteColumnName(c.name), columnKind: c.kind }));
}

function functionItems(): CompletionItem[] {
  return [...FUNCTIONS].map(([name, def]) => ({ kind: 'function', label: name, insert: name, detail: def.signature, description: def.description }));
}

/**
 * Keeps the items whose label starts with the prefix (ignoring case), then those with a word inside
 * that does (`length` finds `Beak Length (mm)`); otherwise the given order: columns, functions, keywords.
 */
function rank(items: CompletionItem[], prefix: string): CompletionItem[] {
  if (prefix === '') return items;
  const wanted = prefix.toLowerCase();
  const starts: CompletionItem[] = [];
  const inside: CompletionItem[] = [];
  for (const item of items) {
    const label = item.label.toLowerCase();
    if (label.startsWith(wanted)) starts.push(item);
    else if (label.split(/[\s_(\-./]+/).some((part, i) => i > 0 && part.startsWith(wanted))) inside.push(item);
  }
  return [...starts, ...inside];
}

function positionAfter(prev: Token | undefined, prevPrev: Token | undefined): Position {
  if (!prev) return 'operand';
  const keyword = prev.kind === 'keyword' ? prev.text.toLowerCase() : undefined;
  if (keyword === 'is') return 'after-is';
  if (keyword === 'not' && prevPrev?.kind === 'keyword' && prevPrev.text.toLowerCase() === 'is') return 'after-is-not';
  if (prev.kind === 'op' || prev.kind === 'lparen' || prev.kind === 'comma') return 'operand';
  return keyword === 'and' || keyword === 'or' || keyword === 'not' ? 'operand' : 'operator';
}

type Scan = { tokens: Token[]; openQuote?: { quote: string; offset: number } };

/**
 * Tokens of text that may be half typed. A quote left open is reported rather than thrown; any other
 * stray character is read as an operator (a few times at most), as the usual ones ('=', '&', '|')
 * mean one, so a slip earlier on or a half-typed '==' does not stop completion.
 */
function scan(text: string): Scan | undefined {
  let readable = text;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      return { tokens: tokenize(readable).slice(0, -1) };
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const at = error.pos.offset;
      const quote = readable[at];
      // The tokenizer fails at a quote only when nothing closes it.
      if (quote === "'" || quote === '"' || quote === '`') {
        const head = scan(readable.slice(0, at));
        return head && { tokens: head.tokens, openQuote: { quote, offset: at } };
      }
      readable = `${readable.slice(0, at)}+${readable.slice(at + 1)}`;
    }
  }
  return undefined;
}

/** Where a plain name that starts at `from` ends, so accepting in the middle of a word replaces all of it. */
function wordEnd(source: string, from: number, cursor: number): number {
  const first = scan(source.slice(from))?.tokens[0];
  return first && (first.kind === 'ident' || first.kind === 'keyword') ? from + first.text.length : cursor;
}

/**
 * Where the backticked name opened at `open` ends: its closing backtick when the whole text reads
 * cleanly (editing inside an existing name), else the cursor (a new name typed before other text,
 * whose "closing" backtick would really open the next name).
 */
function quotedNameEnd(source: string, open: number, cursor: number): number {
  const whole = scan(source);
  if (!whole || whole.openQuote) return cursor;
  const token = whole.tokens.find((t) => t.pos.offset === open && t.kind === 'column');
  return token ? open + token.text.length : cursor;
}
