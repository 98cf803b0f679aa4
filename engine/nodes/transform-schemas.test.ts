import { describe, expect, it } from 'vitest';
import type { PortSchema } from '../define-node';
import { getNodeType } from '../registry';
import type { TableSchema } from '../table';
import { createTestContext } from '../testing/fixtures';

const schema: TableSchema = {
  columns: [
    { name: 'x', kind: 'number' },
    { name: 'city', kind: 'category', categories: [' Paris', 'paris', 'Oslo', 'Rome'] },
    { name: 'y', kind: 'category', categories: ['p', 'q', 'r'] },
  ],
};

/** The edit-time output schema of a node on `schema`, as "name:kind" or the message it refuses with. */
function outputOf(type: string, params: Record<string, unknown>): string[] | string {
  const def = getNodeType(type)!;
  try {
    const out = def.outputSchema({ data: { kind: 'table', schema } }, def.params.parse(params), createTestContext()).data as Extract<PortSchema, { kind: 'table' }>;
    return out.schema.columns.map((c) => `${c.name}:${c.kind}${c.categories ? `[${c.categories.join('|')}]` : ''}`);
  } catch (error) {
    return (error as Error).message;
  }
}

describe('edit-time schemas of the transforms', () => {
  it('One-hot lists the exact columns when every value fits, and every candidate plus other when not', () => {
    expect(outputOf('one-hot', { columns: ['city'], dropFirst: true })).toEqual(['x:number', 'city=Oslo:number', 'city=Rome:number', 'city=paris:number', 'y:category[p|q|r]']);
    expect(outputOf('one-hot', { columns: ['city'], maxCategories: 2 })).toEqual(['x:number', 'city= Paris:number', 'city=Oslo:number', 'city=Rome:number', 'city=paris:number', 'city_other:number', 'y:category[p|q|r]']);
  });

  it('encoders turn categories into numbers; target encoding names one column per class past two classes', () => {
    expect(outputOf('ordinal-encode', { columns: ['city'] })).toEqual(['x:number', 'city:number', 'y:category[p|q|r]']);
    expect(outputOf('frequency-encode', { columns: ['city'] })).toEqual(['x:number', 'city:number', 'y:category[p|q|r]']);
    expect(outputOf('target-encode', { columns: ['city'], target: 'y' })).toEqual(['x:number', 'city:p:number', 'city:q:number', 'city:r:number', 'y:category[p|q|r]']);
    expect(outputOf('target-encode', { columns: ['city', 'y'], target: 'y' })).toBe("Target encode: 'y' is the target and cannot also be encoded. Remove it from the columns.");
    expect(outputOf('ordinal-encode', { columns: ['x'] })).toBe("Ordinal encode: column 'x' is not a category column. Pick category columns only.");
  });

  it('Bin knows its labels at edit time only for given cut points', () => {
    expect(outputOf('bin', { columns: ['x'], method: 'custom', edges: [65, 18] })).toEqual(['x:category[< 18|[18, 65)|≥ 65]', 'city:category[ Paris|paris|Oslo|Rome]', 'y:category[p|q|r]']);
    expect(outputOf('bin', { columns: ['x'] })[0]).toBe('x:category');
    expect(outputOf('bin', { columns: ['x'], method: 'custom' })).toBe("Bin: the method is 'custom' but no cut points are given. Enter them, e.g. 18, 65.");
  });

  it('Text clean-up shows the cleaned, merged values; bad settings are refused while editing', () => {
    expect(outputOf('text-clean', { columns: ['city'], case: 'lower' })[1]).toBe('city:category[paris|oslo|rome]');
    expect(outputOf('text-clean', { find: '(x+', regex: true })).toMatch(/'\(x\+' is not a valid regular expression/);
    expect(outputOf('clip', { method: 'percentile', lowerPercentile: 90, upperPercentile: 10 })).toBe('Clip outliers: the lower percentile (90) must be below the upper one (10). Use e.g. 1 and 99.');
    expect(outputOf('standard-scale', { method: 'min_max', from: 2, to: 1 })).toMatch(/^Rescale: the range From 2 … To 1 is empty or reversed/);
  });
});
