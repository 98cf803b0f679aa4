import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requirementOf } from './issue-text';

const requirement = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error(`${JSON.stringify(value)} passed`);
  return requirementOf(parsed.error.issues[0]!);
};

describe('requirementOf', () => {
  it('words number bounds as a form would, inclusive or not', () => {
    expect(requirement(z.number().min(1), 0)).toBe('must be at least 1');
    expect(requirement(z.number().gt(0), 0)).toBe('must be more than 0');
    expect(requirement(z.number().max(2000), 2001)).toBe('must be at most 2000');
    expect(requirement(z.number().lt(1), 1.5)).toBe('must be less than 1');
    expect(requirement(z.number().min(0.0001), 0)).toBe('must be at least 0.0001');
  });

  it('says a whole number, a number, text or a list is expected', () => {
    expect(requirement(z.number().int(), 2.5)).toBe('must be a whole number');
    expect(requirement(z.number(), 'x')).toBe('must be a number');
    expect(requirement(z.string(), 3)).toBe('must be text');
    expect(requirement(z.array(z.string()), 'a')).toBe('must be a list');
  });

  it('words text lengths, list lengths and choices', () => {
    expect(requirement(z.string().min(1), '')).toBe('must not be empty');
    expect(requirement(z.string().min(3), 'ab')).toBe('must have at least 3 characters');
    expect(requirement(z.string().max(2), 'abc')).toBe('must have at most 2 characters');
    expect(requirement(z.array(z.string()).min(1), [])).toBe('needs at least one entry');
    expect(requirement(z.array(z.string()).min(2), ['a'])).toBe('needs at least 2 entries');
    expect(requirement(z.array(z.string()).max(1), ['a', 'b'])).toBe('takes at most one entry');
    expect(requirement(z.enum(['adam', 'sgd']), 'x')).toBe("must be one of 'adam', 'sgd'");
  });

  it('leaves a message the schema wrote to the caller', () => {
    expect(requirement(z.number().min(0, 'Alpha must be 0 or more: it is the penalty strength.'), -1)).toBeUndefined();
    expect(requirement(z.string().refine((s) => s.length > 3, 'Pick a longer name.'), 'a')).toBeUndefined();
  });
});
