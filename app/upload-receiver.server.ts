import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node';

/** The body passed the upload limit; the partial file is already gone. */
export class UploadTooLargeError extends Error {
  readonly name = 'UploadTooLargeError';
}

/** A file received to disk: its temp path (the caller owns and removes it), size and sha256. */
export type ReceivedUpload = { fileName: string; file: string; bytes: number; sha256: string };

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;
/** Small network chunks are gathered into writes of about this size. */
const WRITE_BATCH = 1024 * 1024;

/**
 * Streams the multipart field `field` of `request` to a temp file, hashing as it goes, so memory stays
 * at about one write batch per upload whatever the file's size. Counts every byte of the body, so a
 * chunked request without Content-Length is cut off as soon as it passes `limit`, not read to the end.
 * `acceptName` sees the file name before any content is written and throws to refuse it.
 */
export async function receiveUpload(
  request: Request,
  opts: { field: string; limit: number; tempPath: () => Promise<string>; acceptName: (fileName: string) => void },
): Promise<ReceivedUpload | undefined> {
  let received: ReceivedUpload | undefined;
  const handler: UploadHandler = async (part) => {
    if (part.name !== opts.field || part.filename === undefined || received) {
      for await (const _ of part.data); // counted by the body limit, then dropped
      return undefined;
    }
    opts.acceptName(part.filename);
    received = await writePart(part.filename, part.data, opts);
    return 'received';
  };
  try {
    await unstable_parseMultipartFormData(limitBody(request, opts.limit + MULTIPART_OVERHEAD), handler);
    return received;
  } catch (error) {
    if (received) await rm(received.file, { force: true });
    throw error;
  }
}

function limitBody(request: Request, max: number): Request {
  if (!request.body) return request;
  let seen = 0;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > max) controller.error(new UploadTooLargeError(`The request body passed ${max} bytes.`));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(request.url, { method: request.method, headers: request.headers, body: counted, duplex: 'half' } as RequestInit);
}

async function writePart(
  fileName: string,
  data: AsyncIterable<Uint8Array>,
  opts: { limit: number; tempPath: () => Promise<string> },
): Promise<ReceivedUpload> {
  const file = await opts.tempPath();
  const handle = await open(file, 'wx');
  const hash = createHash('sha256');
  let bytes = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await handle.writev(batch);
    batch = [];
    batchBytes = 0;
  };
  try {
    for await (const chunk of data) {
      bytes += chunk.byteLength;
      if (bytes > opts.limit) throw new UploadTooLargeError(`"${fileName}" passed ${opts.limit} bytes.`);
      hash.update(chunk);
      // The parser may reuse its buffers, so keep a copy until written.
      batch.push(Uint8Array.prototype.slice.call(chunk));
      batchBytes += chunk.byteLength;
      if (batchBytes >= WRITE_BATCH) await flush();
    }
    await flush();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(file, { force: true });
    throw error;
  }
  return { fileName, file, bytes, sha256: hash.digest('hex') };
}
