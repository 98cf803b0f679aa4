import { RE2JS } from 're2js';

/**
 * Patterns for the Validate node run on RE2JS, a port of RE2: matching takes time linear in the
 * value's length whatever the pattern, so `(a+)+$` cannot hang a worker the way it hangs a
 * backtracking engine such as JavaScript's RegExp. The price is RE2's syntax: no look-arounds and
 * no back-references. The pattern's length is capped too, since the compiled program grows with it
 * (RE2 itself caps repetition counts at 1000).
 */
export const PATTERN_LIMIT = 500;

export type PatternTest = (value: string) => boolean;

/** Compiles a pattern to a whole-value test; the error text says what is wrong, for a UserError. */
export function compilePattern(pattern: string): { ok: true; test: PatternTest } | { ok: false; problem: string } {
  if (pattern.length === 0) return { ok: false, problem: 'the pattern is empty. Enter a regular expression, e.g. [A-Z]{3}-\\d+' };
  if (pattern.length > PATTERN_LIMIT) {
    return { ok: false, problem: `the pattern is ${pattern.length} characters long; the limit is ${PATTERN_LIMIT}. Shorten it` };
  }
  try {
    const compiled = RE2JS.compile(pattern);
    return { ok: true, test: (value) => compiled.matches(value) };
  } catch (error) {
    return { ok: false, problem: `'${pattern}' is not a valid pattern: ${describeSyntaxError(error)}` };
  }
}

/** RE2JS says "error parsing regexp: missing closing ): `(a`"; keep the part after the prefix. */
function describeSyntaxError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const reason = text.replace(/^error parsing regexp:\s*/, '');
  if (/Perl syntax|invalid escape/.test(reason)) return `${reason} (look-arounds and back-references are not supported)`;
  return reason;
}
