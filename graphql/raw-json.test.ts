import { describe, expect, it, vi } from 'vitest';
import { RawJson, stringifyWithRawJson } from './raw-json';

describe('raw JSON values', () => {
  it('are spliced into the response text as they are, the rest printed as JSON.stringify would', () => {
    const raw = new RawJson('{"rows":[1,2.5,null],"text":"a \\"quoted\\" $& $1 value"}');
    const result = { data: { preview: raw, other: 'x' }, errors: undefined };
    const text = stringifyWithRawJson(result);
    expect(text).toBe(`{"data":{"preview":${raw.json},"other":"x"}}`);
    expect(JSON.parse(text)).toEqual({ data: { preview: JSON.parse(raw.json), other: 'x' } });
  });

  it('are not parsed on the way into the response (a preview would be parsed only to be printed again)', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      stringifyWithRawJson({ data: { preview: new RawJson('{"rows":[1,2]}') } });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('leave a string that looks like their placeholder alone', () => {
    const lookalike = '\u0000raw-json:00000000-0000-0000-0000-000000000000:0';
    const text = stringifyWithRawJson({ data: { preview: new RawJson('[1]'), label: lookalike } });
    expect(JSON.parse(text)).toEqual({ data: { preview: [1], label: lookalike } });
  });

  it('print the same JSON through plain JSON.stringify (graphql-ws, tests)', () => {
    const raw = new RawJson('{"a":[1,{"b":null}]}');
    expect(JSON.stringify({ x: raw })).toBe('{"x":{"a":[1,{"b":null}]}}');
  });
});
