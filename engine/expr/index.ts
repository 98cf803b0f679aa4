import { UserError } from '../define-node';
import { valuesColumn, type Column, type ColumnSchema, type Table, type TableSchema } from '../table';
import { selectionOf } from '../kernels/row-selection';
import { compileExpr, type Compiled } from './compile';
import { FUNCTIONS } from './functions';
import { parseExpression } from './parser';
import { compactStrings, type ExprType } from './vectors';

/**
 * Pipewright's expression language, used by Derive (and later Filter). See LANGUAGE.md.
 * Never compiled to JavaScript: parsed by our own parser and run as kernels over typed arrays.
 */
export { ExpressionError } from './errors';
export { MAX_DEPTH, MAX_EXPRESSION_LENGTH, MAX_NODES } from './parser';
export type { ExprType } from './vectors';

export type CheckedExpression = { type: ExprType; compiled: Compiled; columns: string[] };

/** Parses and type-checks an expression against a schema; throws ExpressionError pointing at the token. */
export function checkExpression(source: string, schema: TableSchema): CheckedExpression {
  const ast = parseExpression(source);
  const compiled = compileExpr(ast, schema);
  const columns = new Set<string>();
  const visit = (e: typeof ast): void => {
    if (e.kind === 'column') columns.add(e.name);
    if (e.kind === 'call') e.args.forEach(visit);
    if (e.kind === 'unary' || e.kind === 'is-null') visit(e.operand);
    if (e.kind === 'binary') [e.left, e.right].forEach(visit);
  };
  visit(ast);
  return { type: compiled.type, compiled, columns: [...columns] };
}

/** The kind of column an expression of this type produces: booleans become 'false'/'true' categories. */
export function columnSchemaFor(name: string, type: ExprType): ColumnSchema {
  if (type === 'number' || type === 'date') return { name, kind: type };
  if (type === 'boolean') return { name, kind: 'category', categories: ['false', 'true'] };
  if (type === 'string') return { name, kind: 'category' };
  throw new UserError(`The expression for '${name}' is always missing (null), so the column would have no type. Give it one, e.g. if(x > 0, x, null).`, { column: name });
}

/** Evaluates a checked expression on every row of a table, as a new column named `name`. */
export function evaluateExpression(checked: CheckedExpression, table: Table, name: string): Column {
  columnSchemaFor(name, checked.type);
  const vec = checked.compiled.run(table, table.rowCount);
  if (vec.kind === 'str') {
    const compact = compactStrings(vec);
    return { kind: 'category', name, codes: compact.codes, dictionary: compact.dictionary };
  }
  if (checked.type === 'number' || checked.type === 'date') {
    // A bare column reference returns the input's own buffer; the new column must not share it. A column
    // still to be gathered (row-selection.ts) was not read, so it cannot be that buffer: left ungathered.
    const shared = table.columns.some((c) => c.kind !== 'category' && !selectionOf(c) && c.values === vec.values);
    return valuesColumn(checked.type, name, shared ? new Float64Array(vec.values) : vec.values);
  }
  const codes = new Int32Array(table.rowCount);
  for (let i = 0; i < codes.length; i++) codes[i] = vec.values[i] !== vec.values[i] ? -1 : vec.values[i] ? 1 : 0;
  return { kind: 'category', name, codes, dictionary: ['false', 'true'] };
}

export type ExpressionFunctionInfo = { name: string; signature: string; description: string };

/** The allowlisted functions with their signatures and descriptions, for the editor's completion list. */
export function listExpressionFunctions(): ExpressionFunctionInfo[] {
  return [...FUNCTIONS].map(([name, def]) => ({ name, signature: def.signature, description: def.description }));
}
