import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../table';
import { applyCompletion, completeExpression, quoteColumnName } from './complete';
import { checkExpression } from './index';

const columns: ColumnSchema[] = [
  { name: 'bill_length_mm', kind: 'number' },
  { name: 'bill_depth_mm', kind: 'number' },
  { name: 'Body Mass (g)', kind: 'number' },
  { name: 'species', kind: 'category' },
  { name: 'and', kind: 'category' },
];

/** Completes at the '|' in `text`. */
function complete(text: string) {
  const cursor = text.indexOf('|');
  return completeExpression(text.replace('|', ''), cursor, columns);
}
const labels = (text: string) => complete(text)?.items.map((i) => i.label);

/** Completes at the '|', accepts the item labelled `label` and returns the text with '|' at the new cursor. */
function accept(text: string, label: string) {
  const source = text.replace('|', '');
  const completion = complete(text)!;
  const item = completion.items.find((i) => i.label === label);
  if (!item) throw new Error(`no item '${label}' in ${completion.items.map((i) => i.label).join(', ')}`);
  const { text: out, cursor } = applyCompletion(source, completion, item);
  return `${out.slice(0, cursor)}|${out.slice(cursor)}`;
}

describe('expression completion', () => {
  it('offers upstream columns by prefix, ignoring case, with their kind', () => {
    expect(labels('bill_|')).toEqual(['bill_length_mm', 'bill_depth_mm']);
    expect(labels('BILL_D|')).toEqual(['bill_depth_mm']);
    expect(complete('spe|')!.items[0]).toMatchObject({ kind: 'column', label: 'species', columnKind: 'category' });
    expect(accept('bill_|', 'bill_length_mm')).toBe('bill_length_mm|');
  });

  it('then columns with a later word that matches, quoted with backticks when the name needs them', () => {
    expect(labels('mass|')).toEqual(['Body Mass (g)']);
    expect(labels('bo|')).toEqual(['Body Mass (g)']);
    expect(accept('bo|', 'Body Mass (g)')).toBe('`Body Mass (g)`|');
    expect(quoteColumnName('and')).toBe('`and`');
    expect(quoteColumnName('a`b')).toBe('`a``b`');
    expect(quoteColumnName('2nd')).toBe('`2nd`');
    expect(quoteColumnName('größe_1')).toBe('größe_1');
  });

  it('offers functions with their signature and description, and puts the cursor inside the parentheses', () => {
    const item = complete('sq|')!.items.find((i) => i.kind === 'function');
    expect(item).toMatchObject({ label: 'sqrt', detail: 'sqrt(number)', description: expect.stringContaining('Square root') });
    expect(labels('STARTS|')).toEqual(['starts_with']);
    expect(accept('1 + ro|', 'round')).toBe('1 + round(|');
    expect(accept('ro|(x)', 'round')).toBe('round(|x)');
  });

  it('offers operands after an operator, an opening parenthesis or a comma', () => {
    for (const text of ['x > |', 'x >|', 'abs(|', 'if(x, |', 'x and |', 'not |']) {
      const kinds = new Set(complete(text)!.items.map((i) => i.kind));
      expect(kinds, text).toEqual(new Set(['column', 'function', 'keyword']));
    }
    expect(labels('x * b|')).toEqual(['bill_length_mm', 'bill_depth_mm', 'Body Mass (g)']);
    expect(accept('x * b|', 'bill_depth_mm')).toBe('x * bill_depth_mm|');
  });

  it('offers keywords after an operand: and, or, is null, then what may follow is', () => {
    expect(labels('x |')).toEqual(['and', 'or', 'is null', 'is not null']);
    expect(labels("species == 'a' |")).toEqual(['and', 'or', 'is null', 'is not null']);
    expect(labels('(x + 1) o|')).toEqual(['or']);
    expect(labels('x is|')).toEqual(['is null', 'is not null']);
    expect(labels('x is |')).toEqual(['null', 'not null']);
    expect(labels('x is not n|')).toEqual(['null']);
    expect(labels('n|')).toEqual(['not', 'null']);
    expect(accept('x a|', 'and')).toBe('x and |');
    expect(accept('x is|', 'is not null')).toBe('x is not null|');
  });

  it('does not offer again a keyword or column typed out in full, but still a function (for its parenthesis)', () => {
    expect(labels('temp > 20 and|')).toEqual([]);
    expect(labels('temp > 20 AND|')).toEqual([]);
    expect(labels('x > 1 or|')).toEqual([]);
    expect(labels('species|')).toEqual([]);
    expect(labels('bill_depth_mm|')).toEqual([]);
    expect(labels('SPECIES|')).toEqual(['species']); // a case fix is still offered
    expect(labels('abs|')).toEqual(['abs']);
  });

  it('offers only columns inside backticks, replacing the whole name when editing one', () => {
    expect(labels('`bo|')).toEqual(['Body Mass (g)']);
    expect(labels('1 + `BILL_L|')).toEqual(['bill_length_mm']);
    expect(complete('`an|')!).toMatchObject({ quoted: true, prefix: 'an' });
    expect(accept('`bo|', 'Body Mass (g)')).toBe('`Body Mass (g)`|');
    expect(accept('`Bo|dy Ma` > 1', 'Body Mass (g)')).toBe('`Body Mass (g)`| > 1');
    // A new backtick typed before an existing name does not swallow the text up to that name.
    expect(accept('`Bo| + `x`', 'Body Mass (g)')).toBe('`Body Mass (g)`| + `x`');
  });

  it('offers nothing inside a text literal or a number', () => {
    expect(complete("species == 'bi|")).toBeNull();
    expect(complete('species == "a b|')).toBeNull();
    expect(complete("contains(species, 'bi|ll')")).toBeNull();
    expect(complete('x > 4|')).toBeNull();
    expect(complete('x > 4.5e1|')).toBeNull();
  });

  it('matches what is typed before the cursor but replaces the whole word, and reads past typos earlier on', () => {
    const completion = complete('bi|ll_dep + 1')!;
    expect([completion.from, completion.to, completion.prefix]).toEqual([0, 8, 'bi']);
    expect(labels('x = 1 and bi|')).toEqual(['bill_length_mm', 'bill_depth_mm']);
    expect(labels('x & bi|')).toEqual(['bill_length_mm', 'bill_depth_mm']);
    expect(labels('species =|')).toContain('species');
  });

  it('produces text the checker accepts', () => {
    let text = accept('bo|', 'Body Mass (g)');
    text = accept(`${text.replace('|', '')} > 4000 a|`, 'and');
    text = accept(text, 'species');
    expect(text).toBe('`Body Mass (g)` > 4000 and species|');
    expect(() => checkExpression(`${text.replace('|', '')} is not null`, { columns })).not.toThrow();
  });
});
