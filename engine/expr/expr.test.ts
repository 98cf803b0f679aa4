import { describe, expect, it } from 'vitest';
import type { Table } from '../table';
import { sampleRows, tableSchema } from '../table-ops';
import { makeTable } from '../testing/tables';
import { checkExpression, evaluateExpression, ExpressionError, listExpressionFunctions, MAX_DEPTH, MAX_EXPRESSION_LENGTH, MAX_NODES } from './index';

const table = makeTable({
  x: [1, 2, null, 4],
  y: [10, 0, 5, null],
  Effect: ['a', 'B', null, ' a '],
  'Body Mass (g)': [3000, 4000, 5000, null],
  flag: ['yes', 'no', 'yes', null],
});

/** Evaluates an expression on `t` and returns its cells (null for missing). */
function run(source: string, t: Table = table): (number | string | null)[] {
  const checked = checkExpression(source, tableSchema(t));
  return sampleRows({ rowCount: t.rowCount, columns: [evaluateExpression(checked, t, 'out')] }, t.rowCount).map((r) => r[0]);
}

function errorOf(source: string, t: Table = table): string {
  try {
    checkExpression(source, tableSchema(t));
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return (error as Error).message;
  }
  throw new Error(`'${source}' was accepted`);
}

describe('expression language: precedence and syntax', () => {
  it.each([
    ['1 + 2 * 3', 7], ['(1 + 2) * 3', 9], ['10 - 4 - 3', 3], ['2 * 3 % 4', 2], ['-2 * 3', -6], ['- -2', 2],
    ['7 / 2', 3.5], ['1e3 + .5', 1000.5],
  ])('%s = %d', (source, value) => {
    expect(run(source)[0]).toBe(value);
  });

  it('binds not looser than comparison, and tighter than and, which binds tighter than or', () => {
    expect(run('not 1 > 2')[0]).toBe('true');
    expect(run('true or false and false')[0]).toBe('true');
    expect(run('(true or false) and false')[0]).toBe('false');
    expect(run('NOT x > 1 AND y > 1')).toEqual(['true', 'false', null, 'false']);
  });

  it('reads bare, backticked and keyword-named columns, and quoted strings with doubled quotes', () => {
    expect(run('`Body Mass (g)` / 1000')).toEqual([3, 4, 5, null]);
    expect(run("Effect == 'a'")).toEqual(['true', 'false', null, 'false']);
    expect(run(`"it's" == 'it''s'`)[0]).toBe('true');
    const odd = makeTable({ and: [1], 'we`ird': [2] });
    expect(run('`and` + `we``ird`', odd)).toEqual([3]);
  });
});

describe('expression language: missing values', () => {
  it('propagate through arithmetic and comparisons', () => {
    expect(run('x + y')).toEqual([11, 2, null, null]);
    expect(run('x < y')).toEqual(['true', 'false', null, null]);
  });

  it('make results that are not finite missing (division by zero, log of 0)', () => {
    expect(run('x / y')).toEqual([0.1, null, null, null]);
    expect(run('log(y)')[1]).toBe(null);
    expect(run('sqrt(-1)')[0]).toBe(null);
  });

  it('follow three-valued logic in and/or', () => {
    expect(run('x > 1 and false')).toEqual(['false', 'false', 'false', 'false']);
    expect(run('x > 1 or true')).toEqual(['true', 'true', 'true', 'true']);
    expect(run('x > 1 or false')).toEqual(['false', 'true', null, 'true']);
  });

  it('answer is null / is not null on every row, and null literals take the type around them', () => {
    expect(run('x is null')).toEqual(['false', 'false', 'true', 'false']);
    expect(run('Effect is not null')).toEqual(['true', 'true', 'false', 'true']);
    expect(run('if(x > 1, x, null)')).toEqual([null, 2, null, 4]);
    expect(run("if(x > 1, null, 'small')")).toEqual(['small', null, null, null]);
    expect(run('x == null')).toEqual([null, null, null, null]);
  });

  it('give missing for if() with a missing condition', () => {
    expect(run("if(y > 1, 'big', 'small')")).toEqual(['big', 'small', 'big', null]);
  });
});

describe('expression language: functions', () => {
  it.each([
    ['abs(-x)', [1, 2, null, 4]], ['round(2.5)', [3, 3, 3, 3]], ['round(-2.5)', [-3, -3, -3, -3]], ['round(3.14159, 2)', [3.14, 3.14, 3.14, 3.14]],
    ['floor(x / 3)', [0, 0, null, 1]], ['ceil(x / 3)', [1, 1, null, 2]], ['sqrt(x)', [1, Math.SQRT2, null, 2]],
    ['log(exp(x))', [1, 2, null, 4]], ['pow(x, 2)', [1, 4, null, 16]], ['min(x, y, 3)', [1, 0, null, null]], ['max(x, y)', [10, 2, null, null]],
    ['length(Effect)', [1, 1, null, 3]], ['coalesce(x, y, 0)', [1, 2, 5, 4]],
  ])('%s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('string functions', () => {
    expect(run('lower(Effect)')).toEqual(['a', 'b', null, ' a ']);
    expect(run('upper(trim(Effect))')).toEqual(['A', 'B', null, 'A']);
    expect(run("contains(Effect, 'a')")).toEqual(['true', 'false', null, 'true']);
    expect(run("starts_with(Effect, ' ')")).toEqual(['false', 'false', null, 'true']);
    expect(run("replace(Effect, 'a', 'xy')")).toEqual(['xy', 'B', null, ' xy ']);
    expect(run('replace(Effect, Effect, flag)')).toEqual(['yes', 'no', null, null]);
    expect(run("coalesce(Effect, 'none')")).toEqual(['a', 'B', 'none', ' a ']);
    expect(run("if(flag == 'yes', Effect, flag)")).toEqual(['a', 'no', null, null]);
  });

  it('are listed with signatures and one-line descriptions for completion, all 19 of them', () => {
    expect(listExpressionFunctions()).toHaveLength(19);
    expect(listExpressionFunctions()).toContainEqual({ name: 'if', signature: 'if(condition, then, else)', description: expect.stringMatching(/^then where the condition is true/) });
    for (const f of listExpressionFunctions()) expect(f.description, f.name).toMatch(/^\S.*\.$/);
  });

  it('produce compact dictionaries (values no row holds are dropped)', () => {
    const col = evaluateExpression(checkExpression("if(x > 100, 'never', 'small')", tableSchema(table)), table, 'c');
    expect(col).toMatchObject({ kind: 'category', dictionary: ['small'] });
  });

  it('does not share buffers with the input columns', () => {
    const col = evaluateExpression(checkExpression('x', tableSchema(table)), table, 'copy');
    expect(col.kind === 'number' && col.values).not.toBe(table.columns[0].kind === 'number' && table.columns[0].values);
  });

  it('reuses only arrays the evaluation made: input columns keep their values, and results are right', () => {
    const t = makeTable({ x: [1, -2, null, 4], y: [3, 5, 7, null] });
    const before = sampleRows(t, t.rowCount);
    expect(run('if(x > 0, x / y, 0) + y * 2 - -x', t)).toEqual([1 / 3 + 6 + 1, 10 - 2, null, null]);
    expect(run('not (x > 0) or x is null', t)).toEqual(['false', 'true', 'true', 'false']);
    expect(sampleRows(t, t.rowCount)).toEqual(before);
  });
});

describe('expression language: errors point at the token', () => {
  it.each([
    ['Efect', "unknown column 'Efect' at 1:1 — did you mean 'Effect'?"],
    ['x + zzz', "unknown column 'zzz' at 1:5 — available columns: x, y, Effect, Body Mass (g), flag"],
    ['sqr(x)', "unknown function 'sqr' at 1:1 — did you mean 'sqrt'?"],
    ['constructor(x)', "unknown function 'constructor' at 1:1"],
    ['abs(x, y)', 'abs() takes 1 argument but got 2 at 1:1 — write abs(number)'],
    ['min(x)', 'min() takes at least 2 arguments but got 1 at 1:1'],
    ['round(x, 1, 2)', 'round() takes 1 to 2 arguments but got 3 at 1:1'],
    ['lower(x)', 'argument 1 of lower() needs text but got a number at 1:7'],
    ['Effect + 1', "'+' needs a number but got text at 1:1"],
    ["x > 'a'", "'>' needs a number but got text at 1:5"],
    ["Effect < 'a'", "'<' compares numbers, not text at 1:8 — compare text with '==' or '!='"],
    ['x and y', "'and' needs true/false but got a number at 1:1"],
    ['if(x, 1, 2)', 'argument 1 of if() needs true/false but got a number at 1:4'],
    ["if(x > 1, 1, 'a')", "argument 3 of if() needs a number but got text at 1:14"],
    ['x = 1', "unexpected '=' at 1:3 — compare with '==' (equals) or '!=' (not equals)"],
    ['x && y', "unexpected '&' at 1:3 — write 'and' / 'or' instead"],
    ["'abc", 'unterminated string at 1:1'],
    ['`Body Mass', 'unterminated column name at 1:1'],
    ['(x + 1', "missing ')' at 1:7 — add ')' to close the '(' at 1:1"],
    ['abs(x', "missing ')' to close abs( at 1:6"],
    ['x +', 'expression ends too early at 1:4'],
    ['x y', "unexpected 'y' at 1:3"],
    ['1 < x < 3', "comparisons cannot be chained ('<') at 1:7"],
    ['x is 3', "expected 'null' after 'is' at 1:6"],
    ['', 'expression is empty at 1:1'],
    ['2x', "'2x…' is neither a number nor a name at 1:1"],
    ['x + 1e999', "number '1e999' is too large at 1:5"],
    ['x + #', "unexpected character '#' at 1:5"],
    ['x +\n  Efect', "unknown column 'Efect' at 2:3 — did you mean 'Effect'?"],
    ["'a\nb' == \n zz", "unknown column 'zz' at 3:2"],
    ['null', ''],
  ])('%j', (source, message) => {
    if (source === 'null') {
      expect(() => evaluateExpression(checkExpression('null', tableSchema(table)), table, 'n')).toThrow(/always missing/);
      return;
    }
    expect(errorOf(source)).toContain(message);
  });

  it('checks the data again at run time, naming the column', () => {
    const checked = checkExpression('x + 1', tableSchema(table));
    expect(() => evaluateExpression(checked, makeTable({ y: [1] }), 'out')).toThrow(/unknown column 'x' at 1:1/);
    expect(() => evaluateExpression(checked, makeTable({ x: ['a'] }), 'out')).toThrow(/column 'x' holds text in the data but a number in the schema/);
  });
});

describe('expression language: hostile input', () => {
  it('refuses deep nesting, long text and too many parts before evaluating anything', () => {
    expect(errorOf('('.repeat(MAX_DEPTH + 1) + 'x' + ')'.repeat(MAX_DEPTH + 1))).toContain(`nests deeper than ${MAX_DEPTH} levels`);
    expect(errorOf('-'.repeat(MAX_DEPTH + 1) + 'x')).toContain('nests deeper');
    expect(errorOf('abs('.repeat(100) + 'x' + ')'.repeat(100))).toContain('nests deeper');
    expect(errorOf('x' + ' + 1'.repeat(MAX_NODES))).toContain(`more than ${MAX_NODES} parts`);
    expect(errorOf('x'.repeat(MAX_EXPRESSION_LENGTH + 1))).toContain(`over the limit of ${MAX_EXPRESSION_LENGTH}`);
    expect(errorOf('('.repeat(100_000))).toContain('over the limit');
  });

  it('treats __proto__ and constructor as ordinary column names', () => {
    const hostile = makeTable(Object.fromEntries([['__proto__', [1, 2]], ['constructor', [3, 4]]]));
    expect(run('`__proto__` + constructor', hostile)).toEqual([4, 6]);
    expect(errorOf('__proto__', makeTable({ x: [1] }))).toContain("unknown column '__proto__'");
    expect(errorOf('toString(x)')).toContain("unknown function 'toString'");
  });

  it('evaluates in time linear in the rows (100k rows, 20 operations, well under a second)', () => {
    const n = 100_000;
    const big: Table = { rowCount: n, columns: [{ kind: 'number', name: 'x', values: Float64Array.from({ length: n }, (_, i) => i) }] };
    const started = performance.now();
    const col = evaluateExpression(checkExpression('if(x % 2 == 0 and x > 10, sqrt(x) * 2 + 1, coalesce(null, -x)) / 3', tableSchema(big)), big, 'z');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(col.kind === 'number' && col.values[12]).toBeCloseTo((Math.sqrt(12) * 2 + 1) / 3);
  });
});
