import { ExpressionError, type SourcePos } from './errors';

/**
 * Tokens of Pipewright's expression language. Column names are bare identifiers or `backticked`
 * (for spaces and symbols; a backtick inside is written twice); strings use 'single' or "double"
 * quotes (a quote inside is written twice). Keywords are case-insensitive.
 */
export type TokenKind = 'number' | 'string' | 'ident' | 'column' | 'keyword' | 'op' | 'lparen' | 'rparen' | 'comma' | 'end';
export type Token = { kind: TokenKind; text: string; value?: number | string; pos: SourcePos };

export const KEYWORDS = new Set(['and', 'or', 'not', 'is', 'null', 'true', 'false']);
const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%'];
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): SourcePos => ({ line, col: i - lineStart + 1, offset: i });
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\n') [line, lineStart, i] = [line + 1, i + 1, i + 1];
    else if (/\s/.test(ch)) i++;
    else {
      const pos = here();
      const token = readToken(source, i, pos);
      tokens.push(token);
      i += token.text.length;
      // A quoted string or name may span lines; later positions must still count them.
      const lastBreak = token.text.lastIndexOf('\n');
      if (lastBreak >= 0) [line, lineStart] = [line + token.text.split('\n').length - 1, i - token.text.length + lastBreak + 1];
    }
  }
  tokens.push({ kind: 'end', text: '', pos: here() });
  return tokens;
}

function readToken(source: string, i: number, pos: SourcePos): Token {
  const ch = source[i];
  if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) return readNumber(source, i, pos);
  if (ch === "'" || ch === '"') return { ...readQuoted(source, i, pos, 'string'), kind: 'string' };
  if (ch === '`') return { ...readQuoted(source, i, pos, 'column name'), kind: 'column' };
  if (IDENT_START.test(ch)) {
    let end = i + 1;
    while (end < source.length && IDENT_PART.test(source[end])) end++;
    const text = source.slice(i, end);
    return { kind: KEYWORDS.has(text.toLowerCase()) ? 'keyword' : 'ident', text, value: text, pos };
  }
  if (ch === '(') return { kind: 'lparen', text: ch, pos };
  if (ch === ')') return { kind: 'rparen', text: ch, pos };
  if (ch === ',') return { kind: 'comma', text: ch, pos };
  const op = OPERATORS.find((o) => source.startsWith(o, i));
  if (op) return { kind: 'op', text: op, pos };
  if (ch === '=') throw new ExpressionError(`unexpected '='`, pos, `compare with '==' (equals) or '!=' (not equals)`);
  if (ch === '&' || ch === '|') throw new ExpressionError(`unexpected '${ch}'`, pos, `write 'and' / 'or' instead`);
  throw new ExpressionError(`unexpected character '${ch}'`, pos, 'remove it, or put a column name containing it in backticks like `Body Mass (g)`');
}

function readNumber(source: string, i: number, pos: SourcePos): Token {
  const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(source.slice(i, i + 400))!;
  const text = match[0];
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ExpressionError(`number '${text.slice(0, 20)}${text.length > 20 ? '…' : ''}' is too large`, pos, 'use a number below 1e308');
  if (IDENT_START.test(source[i + text.length] ?? '')) {
    throw new ExpressionError(`'${text}${source[i + text.length]}…' is neither a number nor a name`, pos, 'put a column name that starts with a digit in backticks, e.g. `2nd score`');
  }
  return { kind: 'number', text, value, pos };
}

function readQuoted(source: string, i: number, pos: SourcePos, what: string): Token {
  const quote = source[i];
  let value = '';
  let end = i + 1;
  for (;;) {
    if (end >= source.length) throw new ExpressionError(`unterminated ${what}`, pos, `close it with ${quote}`);
    if (source[end] === quote) {
      if (source[end + 1] !== quote) break;
      value += quote;
      end += 2;
    } else value += source[end++];
  }
  return { kind: 'string', text: source.slice(i, end + 1), value, pos };
}
