import { parseDateText } from '../io/date-text';
import type { Column, Table, TableSchema } from '../table';
import { ExpressionError, suggestName } from './errors';
import { FUNCTIONS } from './functions';
import type { BinaryOp, Expr } from './parser';
import { constNum, constStr, num, outputFor, ownedNum, type ExprType, type NumVec, type StrVec, type Vec } from './vectors';

/**
 * Type-checks an expression against a schema and turns it into a tree of column kernels. Category
 * columns read as strings; booleans are 0/1 numbers with NaN for missing. Missing propagates through
 * arithmetic, comparisons and functions; `and`/`or` follow three-valued logic (false and missing =
 * false, true or missing = true); `is null` is never missing; if() with a missing condition is missing.
 */
export type Compiled = { type: ExprType; run(table: Table, n: number): Vec };

const TYPE_NAMES: Record<ExprType, string> = { number: 'a number', string: 'text', boolean: 'true/false', date: 'a date', null: 'null' };

export function compileExpr(expr: Expr, schema: TableSchema): Compiled {
  switch (expr.kind) {
    case 'number': return { type: 'number', run: (_t, n) => constNum(expr.value, n) };
    case 'boolean': return { type: 'boolean', run: (_t, n) => constNum(expr.value ? 1 : 0, n) };
    case 'string': return { type: 'string', run: (_t, n) => constStr(expr.value, n) };
    case 'null': return { type: 'null', run: (_t, n) => constNum(NaN, n) };
    case 'column': return compileColumn(expr, schema);
    case 'call': return compileCall(expr, schema);
    case 'is-null': return compileIsNull(expr.negated, compileExpr(expr.operand, schema));
    case 'unary': {
      const operand = expect(compileExpr(expr.operand, schema), expr.op === '-' ? 'number' : 'boolean', expr.operand, `'${expr.op}'`);
      const negate = expr.op === '-';
      return { type: operand.type, run: (t, n) => ownedNum(unaryKernel(negate, operand.run(t, n) as NumVec, n)) };
    }
    case 'binary': return compileBinary(expr, compileExpr(expr.left, schema), compileExpr(expr.right, schema));
  }
}

function unaryKernel(negate: boolean, operand: NumVec, n: number): Float64Array {
  const a = operand.values;
  const out = outputFor([operand], n);
  if (negate) for (let i = 0; i < n; i++) out[i] = -a[i];
  else for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] ? NaN : a[i] ? 0 : 1;
  return out;
}

function compileColumn(expr: Extract<Expr, { kind: 'column' }>, schema: TableSchema): Compiled {
  const found = schema.columns.find((c) => c.name === expr.name);
  if (!found) {
    const suggestion = suggestName(expr.name, schema.columns.map((c) => c.name));
    const fix = suggestion ? `did you mean '${suggestion}'?` : `available columns: ${schema.columns.map((c) => c.name).join(', ') || '(none)'}`;
    throw new ExpressionError(`unknown column '${expr.name}'`, expr.pos, fix, expr.name);
  }
  const type: ExprType = found.kind === 'category' ? 'string' : found.kind;
  return { type, run: (table) => readColumn(table, expr, type) };
}

/** Reads a column at run time; the data may differ from the edit-time schema, so it is checked again. */
function readColumn(table: Table, expr: Extract<Expr, { kind: 'column' }>, type: ExprType): Vec {
  const col: Column | undefined = table.columns.find((c) => c.name === expr.name);
  if (!col) throw new ExpressionError(`unknown column '${expr.name}'`, expr.pos, `the data has no such column; available columns: ${table.columns.map((c) => c.name).join(', ')}`, expr.name);
  if (col.kind !== 'category' && col.kind === type) return num(col.values);
  if (col.kind === 'category' && type === 'string') return { kind: 'str', codes: col.codes, dictionary: col.dictionary };
  const all = col.kind === 'number' && col.values.every((v) => v !== v);
  if (all) return constStr(null, table.rowCount);
  throw new ExpressionError(`column '${expr.name}' holds ${{ number: 'numbers', date: 'dates', category: 'text' }[col.kind]} in the data but ${TYPE_NAMES[type]} in the schema`, expr.pos, 'refresh the upstream node so the schema matches the data', expr.name);
}

/** Insists on a type; a null literal becomes a missing value of that type. */
function expect(c: Compiled, type: ExprType, expr: Expr, where: string): Compiled {
  if (c.type === type) return c;
  if (type === 'date' && expr.kind === 'string') return dateLiteral(expr);
  if (c.type === 'null') return { type, run: (_t, n) => (type === 'string' ? constStr(null, n) : constNum(NaN, n)) };
  if (type === 'null') return c;
  throw new ExpressionError(`${where} needs ${TYPE_NAMES[type]} but got ${TYPE_NAMES[c.type]}`, expr.pos, fixFor(type, c.type));
}

/** A text literal compared with a date column is a date, read once when the expression is compiled. */
function dateLiteral(expr: Extract<Expr, { kind: 'string' }>): Compiled {
  const ms = parseDateText(expr.value);
  if (ms !== ms) throw new ExpressionError(`'${expr.value}' is not a date`, expr.pos, "write a date such as '2024-01-31' or '2024-01-31T12:00'");
  return { type: 'date', run: (_t, n) => constNum(ms, n) };
}

function fixFor(wanted: ExprType, got: ExprType): string {
  if (got === 'date') return 'take a part of the date first with a Date parts node, or compare it with a date such as \'2024-01-31\'';
  if (wanted === 'number' && got === 'string') return 'pick a numeric column, or compare the text instead, e.g. Sex == \'male\'';
  if (wanted === 'boolean') return 'write a condition, e.g. x > 0 or name is not null';
  if (wanted === 'string') return "pick a text column or write the value in quotes, e.g. 'male'";
  return `give ${TYPE_NAMES[wanted]} here`;
}

function compileCall(expr: Extract<Expr, { kind: 'call' }>, schema: TableSchema): Compiled {
  const def = FUNCTIONS.get(expr.name.toLowerCase());
  if (!def) {
    const suggestion = suggestName(expr.name, FUNCTIONS.keys());
    throw new ExpressionError(`unknown function '${expr.name}'`, expr.pos, suggestion ? `did you mean '${suggestion}'?` : `available functions: ${[...FUNCTIONS.keys()].join(', ')}`);
  }
  const count = expr.args.length;
  if (count < def.minArgs || count > def.maxArgs) {
    const wanted = def.minArgs === def.maxArgs ? `${def.minArgs}` : def.maxArgs >= 16 ? `at least ${def.minArgs}` : `${def.minArgs} to ${def.maxArgs}`;
    throw new ExpressionError(`${expr.name}() takes ${wanted} argument${wanted === '1' ? '' : 's'} but got ${count}`, expr.pos, `write ${def.signature}`);
  }
  const compiled = expr.args.map((arg) => compileExpr(arg, schema));
  const types = compiled.map((c) => c.type);
  const args = compiled.map((c, i) => expect(c, def.paramType(i, types), expr.args[i], `argument ${i + 1} of ${expr.name}()`));
  const result = def.result(types);
  return { type: result, run: (t, n) => def.run(args.map((a) => a.run(t, n)), n) };
}

function compileIsNull(negated: boolean, operand: Compiled): Compiled {
  return {
    type: 'boolean',
    run: (t, n) => {
      const v = operand.run(t, n);
      const out = v.kind === 'num' ? outputFor([v], n) : new Float64Array(n);
      if (v.kind === 'num') for (let i = 0; i < n; i++) out[i] = (v.values[i] !== v.values[i]) !== negated ? 1 : 0;
      else for (let i = 0; i < n; i++) out[i] = (v.codes[i] < 0) !== negated ? 1 : 0;
      return ownedNum(out);
    },
  };
}

/**
 * Binary kernels, one loop per operator: a single loop calling an operator function per row is
 * megamorphic in V8 and ~50× slower. NaN (missing) propagates through the IEEE rules on its own,
 * except in comparisons, which check for it. Each row is read before it is written, so the result may
 * go into an owned operand: on 1M rows every fresh array is 8 MB of new pages, which cost more than the loop.
 */
function binaryKernel(op: BinaryOp, left: NumVec, right: NumVec, n: number): Float64Array {
  const [a, b] = [left.values, right.values];
  const out = outputFor([left, right], n);
  switch (op) {
    case '+': for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; break;
    case '-': for (let i = 0; i < n; i++) out[i] = a[i] - b[i]; break;
    case '*': for (let i = 0; i < n; i++) out[i] = a[i] * b[i]; break;
    case '/': for (let i = 0; i < n; i++) out[i] = a[i] / b[i]; break;
    case '%': for (let i = 0; i < n; i++) out[i] = a[i] % b[i]; break;
    case '<': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] || b[i] !== b[i] ? NaN : a[i] < b[i] ? 1 : 0; break;
    case '<=': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] || b[i] !== b[i] ? NaN : a[i] <= b[i] ? 1 : 0; break;
    case '>': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] || b[i] !== b[i] ? NaN : a[i] > b[i] ? 1 : 0; break;
    case '>=': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] || b[i] !== b[i] ? NaN : a[i] >= b[i] ? 1 : 0; break;
    case '==': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] || b[i] !== b[i] ? NaN : a[i] === b[i] ? 1 : 0; break;
    case '!=': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] || b[i] !== b[i] ? NaN : a[i] !== b[i] ? 1 : 0; break;
    // Three-valued logic: false and missing = false, true or missing = true.
    case 'and': for (let i = 0; i < n; i++) out[i] = a[i] === 0 || b[i] === 0 ? 0 : a[i] !== a[i] || b[i] !== b[i] ? NaN : 1; break;
    case 'or': for (let i = 0; i < n; i++) out[i] = a[i] === 1 || b[i] === 1 ? 1 : a[i] !== a[i] || b[i] !== b[i] ? NaN : 0; break;
  }
  if (op === '/' || op === '%' || op === '*' || op === '+' || op === '-') for (let i = 0; i < n; i++) if (out[i] - out[i] !== 0) out[i] = NaN;
  return out;
}

const ARITHMETIC = new Set<BinaryOp>(['+', '-', '*', '/', '%']);

function compileBinary(expr: Extract<Expr, { kind: 'binary' }>, left: Compiled, right: Compiled): Compiled {
  const where = `'${expr.op}'`;
  const numeric = (type: ExprType, l: Compiled, r: Compiled): Compiled => ({
    type, run: (t, n) => ownedNum(binaryKernel(expr.op, l.run(t, n) as NumVec, r.run(t, n) as NumVec, n)),
  });
  if (expr.op === 'and' || expr.op === 'or') return numeric('boolean', expect(left, 'boolean', expr.left, where), expect(right, 'boolean', expr.right, where));
  if (ARITHMETIC.has(expr.op)) return numeric('number', expect(left, 'number', expr.left, where), expect(right, 'number', expr.right, where));
  const type = left.type === 'date' || right.type === 'date' ? 'date' : left.type !== 'null' ? left.type : right.type;
  if (type === 'string' && expr.op !== '==' && expr.op !== '!=') {
    throw new ExpressionError(`${where} compares numbers, not text`, expr.pos, "compare text with '==' or '!='");
  }
  const [l, r] = [expect(left, type, expr.left, where), expect(right, type, expr.right, where)];
  if (type !== 'string') return numeric('boolean', l, r);
  return { type: 'boolean', run: (t, n) => compareStrings(l.run(t, n) as StrVec, r.run(t, n) as StrVec, n, expr.op === '==') };
}

/** Translates b's codes into a's dictionary once (-2 = a value a never holds), then compares codes. */
function compareStrings(a: StrVec, b: StrVec, n: number, equal: boolean): NumVec {
  const index = new Map(a.dictionary.map((s, i) => [s, i]));
  const translate = Int32Array.from(b.dictionary, (s) => index.get(s) ?? -2);
  const [ac, bc] = [a.codes, b.codes];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = ac[i];
    const y = bc[i];
    out[i] = x < 0 || y < 0 ? NaN : (x === translate[y]) === equal ? 1 : 0;
  }
  return num(out);
}
