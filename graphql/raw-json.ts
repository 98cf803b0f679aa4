import { randomUUID } from 'node:crypto';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * A JSON scalar's value that is already JSON text (a preview, serialized in its worker thread): the
 * response is spliced around the text instead of parsing it and printing it again. Anywhere else that
 * serializes a result (graphql-ws, a test) falls back to `toJSON`, which gives the same JSON.
 */
export class RawJson {
  constructor(readonly json: string) {}
  toJSON(): unknown {
    // Inside stringifyWithRawJson: a placeholder, not the parsed text (JSON.stringify calls toJSON before
    // any replacer, and parsing a preview only to print it again cost more than the rest of the response).
    if (splicing) return MARK + (splicing.push(this.json) - 1);
    return JSON.parse(this.json);
  }
}

// A placeholder no user value can spell: a NUL (printed escaped) and a nonce chosen at start-up.
const NONCE = randomUUID();
const MARK = `\u0000raw-json:${NONCE}:`;
const MARKED = new RegExp(`"\\\\u0000raw-json:${NONCE}:(\\d+)"`, 'g');
/** The texts of the RawJson values met by the stringifyWithRawJson running now (it is synchronous). */
let splicing: string[] | undefined;

/** JSON.stringify, with each RawJson printed as its own text. */
export function stringifyWithRawJson(value: unknown): string {
  const outer = splicing;
  const raws: string[] = [];
  splicing = raws;
  let text: string;
  try {
    text = JSON.stringify(value);
  } finally {
    splicing = outer;
  }
  return raws.length === 0 ? text : text.replace(MARKED, (_, index: string) => raws[Number(index)]!);
}

/**
 * Has yoga print results that hold a RawJson with stringifyWithRawJson; yoga's regular result processor
 * uses a result's own `stringify` when it has one. Other results keep the plain JSON.stringify.
 */
export function rawJsonPlugin(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone({ result, setResult }) {
        if (isAsyncIterable(result) || !holdsRawJson(result.data)) return;
        setResult(Object.assign({ ...result }, { stringify: stringifyWithRawJson }));
      },
    }),
  };
}

/** Only a root field's value is checked: the preview is one. */
function holdsRawJson(data: Record<string, unknown> | null | undefined): boolean {
  return !!data && Object.values(data).some((v) => v instanceof RawJson);
}
