import { findJsonErrorPosition } from './json-error-position';
import type { IncomingMessage } from 'node:http';

/** A request body's bytes, or the reason it was refused (too large) in words a client can act on. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<{ ok: true; bytes: Buffer } | { ok: false; error: string }> {
  const tooLarge = (size: string) => ({
    ok: false as const,
    error: `The body is ${size}, more than the ${maxBytes} bytes a prediction request may send (PREDICT_MAX_BODY_BYTES). Send fewer records per request.`,
  });
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return tooLarge(`${declared} bytes`);
  // Listeners rather than `for await`: the async iterator's setup was a visible share of a small request.
  const chunks = await new Promise<Buffer[] | null>((resolve, reject) => {
    const read: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      read.push(chunk);
      if (size <= maxBytes) return;
      req.off('data', onData);
      // Stop reading: what is unread stays unread, and the answer closes the connection (see refuse).
      req.pause();
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(read));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('The client closed the connection before it sent the whole body.'));
    });
  });
  if (!chunks) return tooLarge('larger');
  return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) };
}

/** A body parsed as JSON, or where and why it is not JSON. */
export function parseJsonBody(bytes: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return { ok: false, error: 'The body is empty. Send {"records": [{"column": value, ...}]} as JSON.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: describeJsonError(text, error instanceof Error ? error.message : String(error)) };
  }
}

/** JSON.parse's message with the line and column of the position it names, and how to fix it. */
export function describeJsonError(text: string, message: string): string {
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : findJsonErrorPosition(text);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const found = position < text.length ? `found ${JSON.stringify(text[position])}` : 'the body ends too early';
  // Node's own message may quote the whole body: the position says enough.
  const reason = at ? message.replace(/ (in JSON )?at position \d+.*$/, '') : found;
  const hint = /^(NaN|-?Infinity)/.test(text.slice(position))
    ? 'JSON has no NaN or Infinity: send null for a missing value'
    : 'Check for a missing comma, bracket or quote there';
  return `The body is not valid JSON at position ${position} (line ${line}, column ${column}): ${reason}. ${hint}.`;
}
