import type { z } from 'zod';

/** zod's own wording starts so; a message a schema wrote itself ("Alpha must be 0 or more: …") does not. */
const ZOD_WORDING = /^(Too small|Too big|Invalid input|Invalid option):/;

const EXPECTED: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'on or off',
  array: 'a list',
  object: 'a group of settings',
};

const entries = (n: number) => (n === 1 ? 'one entry' : `${n} entries`);

/**
 * What a field must be, in a form's words ("must be at least 1", "must be a whole number"), for an issue
 * zod worded itself ("Too small: expected number to be >=1", "Invalid input: expected int, received
 * number"), which means nothing to someone who does not program. Undefined for a message the schema wrote,
 * which the caller shows as it is.
 */
export function requirementOf(issue: z.core.$ZodIssue): string | undefined {
  if (!ZOD_WORDING.test(issue.message)) return undefined;
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'must not be empty' : `must have at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${entries(min)}`;
      return issue.inclusive ? `must be at least ${min}` : `must be more than ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `must have at most ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `takes at most ${entries(max)}`;
      return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_type':
      return EXPECTED[issue.expected] ? `must be ${EXPECTED[issue.expected]}` : undefined;
    case 'invalid_value':
      return issue.values.length > 0 ? `must be one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}` : undefined;
    default:
      return undefined;
  }
}
