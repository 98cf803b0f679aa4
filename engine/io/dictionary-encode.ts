import type { CategoryColumn } from '../table';

/** A category column from one text (or null for missing) per row. */
export function dictionaryEncode(name: string, texts: readonly (string | null)[]): CategoryColumn {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(texts.length);
  for (let row = 0; row < texts.length; row++) {
    const text = texts[row];
    if (text === null || text === undefined) {
      codes[row] = -1;
      continue;
    }
    let code = index.get(text);
    if (code === undefined) {
      code = dictionary.push(text) - 1;
      index.set(text, code);
    }
    codes[row] = code;
  }
  return { kind: 'category', name, codes, dictionary };
}
