/**
 * The upload route's answer for clients that ask for progress (`Accept: application/x-ndjson`): one
 * JSON object a line, `{ type: 'progress', done, total }` while the parse thread reads the file, then
 * `{ type: 'result', ...dataset }` or `{ type: 'error', status, error }`. The status line is sent before
 * the parse ends, so the outcome's status travels in the last line; other clients get plain JSON.
 */
export const NDJSON = 'application/x-ndjson';

export type UploadLine = { type: 'progress'; done: number; total: number } | ({ type: 'result' } & Record<string, unknown>) | { type: 'error'; status: number; error: string };

export function wantsProgress(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes(NDJSON);
}

/**
 * Streams `work`'s progress and outcome. `refusal` maps an expected error to its status and message;
 * anything else is a bug: logged, and the client told the server failed.
 */
export function progressResponse<T extends Record<string, unknown>>(
  work: (onProgress: (done: number, total: number) => void) => Promise<T>,
  refusal: (error: unknown) => { status: number; error: string } | undefined,
): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: UploadLine) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      send({ type: 'progress', done: 0, total: 1 });
      try {
        const result = await work((done, total) => send({ type: 'progress', done, total }));
        send({ type: 'result', ...result });
      } catch (error) {
        const refused = refusal(error);
        if (!refused) console.error('Reading an upload failed:', error);
        send({ type: 'error', ...(refused ?? { status: 500, error: 'The server failed while reading the upload. Try again; if it keeps failing, tell the administrator.' }) });
      }
      controller.close();
    },
  });
  // No proxy buffering, or the progress lines arrive all at once at the end.
  return new Response(body, { status: 200, headers: { 'Content-Type': `${NDJSON}; charset=utf-8`, 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' } });
}
