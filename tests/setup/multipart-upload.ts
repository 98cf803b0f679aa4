import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { once } from 'node:events';

const BOUNDARY = 'pipewright-test-boundary';

/**
 * POSTs `content` (a file on disk, streamed, or bytes) to /api/datasets as multipart field `file`,
 * the way a browser does. `chunked` leaves out Content-Length, as a streaming client may; `accept`
 * `application/x-ndjson` asks for parse progress lines before the outcome.
 */
export async function postDataset(
  origin: string,
  cookie: string,
  upload: { fileName: string; file?: string; bytes?: Uint8Array; chunked?: boolean; accept?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Record<string, any>; lines: Record<string, any>[] }> {
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${upload.fileName}"\r\nContent-Type: text/csv\r\n\r\n`, 'latin1');
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const size = upload.file ? (await stat(upload.file)).size : upload.bytes!.byteLength;
  const headers: http.OutgoingHttpHeaders = { origin, cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  if (!upload.chunked) headers['content-length'] = head.length + size + tail.length;
  if (upload.accept) headers.accept = upload.accept;
  const request = http.request(`${origin}/api/datasets`, { method: 'POST', headers });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  // The server may answer (413, 400) before the body is sent, and then closes the connection.
  request.on('error', () => undefined);
  void (async () => {
    request.write(head);
    if (upload.file) {
      for await (const chunk of createReadStream(upload.file, { highWaterMark: 256 * 1024 })) {
        if (request.destroyed) return;
        if (!request.write(chunk)) await drainedOrClosed(request);
      }
    } else {
      request.write(upload.bytes!);
    }
    if (!request.destroyed) request.end(tail);
  })();
  const res = await response;
  let text = '';
  for await (const chunk of res) text += chunk;
  request.destroy();
  // An NDJSON answer (progress lines, then the outcome): `body` is its last line.
  const lines = String(res.headers['content-type']).includes('ndjson') ? text.trimEnd().split('\n').map((line) => JSON.parse(line)) : [];
  return { status: res.statusCode!, headers: res.headers, body: lines.length > 0 ? lines.at(-1) : text ? JSON.parse(text) : {}, lines };
}

/** Waits for the request to drain or close, then removes both listeners (a left one per wait piled up on long uploads). */
async function drainedOrClosed(request: http.ClientRequest) {
  const stop = new AbortController();
  await Promise.race([once(request, 'drain', { signal: stop.signal }), once(request, 'close', { signal: stop.signal })].map((wait) => wait.catch(() => undefined)));
  stop.abort();
}

/** Writes a numeric + category CSV of about `megabytes` MB by repeating a 1 MB block (fast, never whole in memory). */
export async function writeLargeCsv(file: string, megabytes: number, seed = 0): Promise<void> {
  let text = '';
  for (let row = 0; text.length < 1024 * 1024; row++) text += `${row},${(row * 0.37).toFixed(3)},${(row % 1000) / 7},k${row % 13}\n`;
  const block = Buffer.from(text);
  const out = createWriteStream(file);
  out.write(`id,x,y,kind\n-1,${seed},0,seed\n`); // distinct content per seed, so blobs differ
  for (let written = 0; written < megabytes * 1024 * 1024; written += block.length) {
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

/** Peak resident memory (VmHWM) of a process, in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`No VmHWM in /proc/${pid}/status`);
  return kb / 1024;
}

/**
 * Resets a process's peak (VmHWM) to its current resident memory (Linux's clear_refs, value 5) and
 * returns that, so one measurement does not inherit an earlier, larger peak.
 */
export async function resetPeakRssMb(pid: number): Promise<number> {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
  return peakRssMb(pid);
}

/** Every file under `dir`, recursively (relative paths); [] when it does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}
