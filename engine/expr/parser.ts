import { ExpressionError, type SourcePos } from './errors';
import { tokenize, type Token } from './lexer';

/** The syntax tree of an expression; every node keeps the position of the token that names it. */
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';
export type Expr =
  | { kind: 'number'; value: number; pos: SourcePos }
  | { kind: 'string'; value: string; pos: SourcePos }
  | { kind: 'boolean'; value: boolean; pos: SourcePos }
  | { kind: 'null'; pos: SourcePos }
  | { kind: 'column'; name: string; pos: SourcePos }
  | { kind: 'call'; name: string; args: Expr[]; pos: SourcePos }
  | { kind: 'unary'; op: '-' | 'not'; operand: Expr; pos: SourcePos }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: SourcePos }
  | { kind: 'is-null'; negated: boolean; operand: Expr; pos: SourcePos };

/** Bounds on user input, so parsing and evaluation stay small whatever is typed. */
export const MAX_EXPRESSION_LENGTH = 2000;
export const MAX_DEPTH = 32;
export const MAX_NODES = 200;

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

export function parseExpression(source: string): Expr {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`expression is ${source.length} characters long, over the limit of ${MAX_EXPRESSION_LENGTH}`, { line: 1, col: 1, offset: 0 }, 'split it into several Derive nodes');
  }
  const parser = new Parser(tokenize(source));
  if (parser.peek().kind === 'end') throw new ExpressionError('expression is empty', parser.peek().pos, "write one, e.g. `Body Mass (g)` / 1000");
  const expr = parser.parseOr();
  const rest = parser.peek();
  if (rest.kind !== 'end') throw new ExpressionError(`unexpected '${rest.text}'`, rest.pos, 'join the parts with an operator such as + or and, or remove it');
  return expr;
}

class Parser {
  private index = 0;
  private depth = 0;
  private nodes = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.text.toLowerCase() === word;
  }

  /** Counts nodes and nesting, and refuses expressions past the bounds before they cost anything. */
  private node<E extends Expr>(expr: E): E {
    if (++this.nodes > MAX_NODES) throw new ExpressionError(`expression has more than ${MAX_NODES} parts`, expr.pos, 'split it into several Derive nodes');
    return expr;
  }

  private nested<T>(pos: SourcePos, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError(`expression nests deeper than ${MAX_DEPTH} levels`, pos, 'split it into several Derive nodes');
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      const pos = this.next().pos;
      left = this.node({ kind: 'binary', op: 'or', left, right: this.parseAnd(), pos });
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      const pos = this.next().pos;
      left = this.node({ kind: 'binary', op: 'and', left, right: this.parseNot(), pos });
    }
    return left;
  }

  private parseNot(): Expr {
    if (!this.isKeyword('not')) return this.parseComparison();
    const pos = this.next().pos;
    return this.nested(pos, () => this.node({ kind: 'unary', op: 'not', operand: this.parseNot(), pos }));
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t.kind === 'keyword' && t.text.toLowerCase() === 'is') return this.parseIsNull(left);
    if (t.kind !== 'op' || !COMPARISONS.has(t.text)) return left;
    this.next();
    const expr = this.node({ kind: 'binary', op: t.text as BinaryOp, left, right: this.parseAdditive(), pos: t.pos });
    const after = this.peek();
    if (after.kind === 'op' && COMPARISONS.has(after.text)) {
      throw new ExpressionError(`comparisons cannot be chained ('${after.text}')`, after.pos, "join them with 'and', e.g. a < b and b < c");
    }
    return expr;
  }

  private parseIsNull(operand: Expr): Expr {
    const pos = this.next().pos;
    const negated = this.isKeyword('not');
    if (negated) this.next();
    if (!this.isKeyword('null')) throw new ExpressionError(`expected 'null' after '${negated ? 'is not' : 'is'}'`, this.peek().pos, "write 'is null' or 'is not null'");
    this.next();
    return this.node({ kind: 'is-null', negated, operand, pos });
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (let t = this.peek(); t.kind === 'op' && (t.text === '+' || t.text === '-'); t = this.peek()) {
      this.next();
      left = this.node({ kind: 'binary', op: t.text, left, right: this.parseMultiplicative(), pos: t.pos });
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (let t = this.peek(); t.kind === 'op' && (t.text === '*' || t.text === '/' || t.text === '%'); t = this.peek()) {
      this.next();
      left = this.node({ kind: 'binary', op: t.text, left, right: this.parseUnary(), pos: t.pos });
    }
    return left;
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== '-') return this.parsePrimary();
    this.next();
    return this.nested(t.pos, () => this.node({ kind: 'unary', op: '-', operand: this.parseUnary(), pos: t.pos }));
  }

  private parsePrimary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number': return this.node({ kind: 'number', value: t.value as number, pos: t.pos });
      case 'string': return this.node({ kind: 'string', value: t.value as string, pos: t.pos });
      case 'column': return this.node({ kind: 'column', name: t.value as string, pos: t.pos });
      case 'ident': return this.peek().kind === 'lparen' ? this.parseCall(t) : this.node({ kind: 'column', name: t.text, pos: t.pos });
      case 'lparen': return this.nested(t.pos, () => this.parseParenthesized(t));
      case 'keyword': {
        const word = t.text.toLowerCase();
        if (word === 'true' || word === 'false') return this.node({ kind: 'boolean', value: word === 'true', pos: t.pos });
        if (word === 'null') return this.node({ kind: 'null', pos: t.pos });
        throw new ExpressionError(`unexpected '${t.text}'`, t.pos, `put a value before it, or write a column named '${t.text}' in backticks: \`${t.text}\``);
      }
      case 'end': throw new ExpressionError('expression ends too early', t.pos, 'complete it with a value, a column or a function call');
      default: throw new ExpressionError(`unexpected '${t.text}'`, t.pos, 'expected a value, a column or a function call here');
    }
  }

  private parseParenthesized(open: Token): Expr {
    const inner = this.parseOr();
    if (this.peek().kind !== 'rparen') throw new ExpressionError("missing ')'", this.peek().pos, `add ')' to close the '(' at ${open.pos.line}:${open.pos.col}`);
    this.next();
    return inner;
  }

  private parseCall(name: Token): Expr {
    const open = this.next();
    return this.nested(open.pos, () => {
      const args: Expr[] = [];
      if (this.peek().kind !== 'rparen') {
        args.push(this.parseOr());
        while (this.peek().kind === 'comma') {
          this.next();
          args.push(this.parseOr());
        }
      }
      if (this.peek().kind !== 'rparen') {
        throw new ExpressionError(`missing ')' to close ${name.text}(`, this.peek().pos, "separate arguments with ',' and close the call with ')'");
      }
      this.next();
      return this.node({ kind: 'call', name: name.text, args, pos: name.pos });
    });
  }
}
