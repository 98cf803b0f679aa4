import type { IncomingMessage, ServerResponse } from 'node:http';

const tooLarge = (res: ServerResponse, maxBytes: number) => {
  const body = JSON.stringify({
    errors: [
      {
        message: `The request body is larger than ${Math.round(maxBytes / 1024)} KB, the limit for /graphql. Send smaller operations (a pipeline graph is at most 2 MB).`,
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      },
    ],
  });
  // The rest of the upload is not read: close the connection instead of draining it.
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' }).end(body);
};

/**
 * Reads a request body into memory (as its chunks) up to `maxBytes`, answering 413 as soon as the declared length or the
 * bytes received (chunked bodies declare none) pass it. Resolves undefined when it has answered.
 */
export function readBodyWithin(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Buffer[] | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    tooLarge(res, maxBytes);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      tooLarge(res, maxBytes);
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks));
    req.once('error', reject);
  });
}
