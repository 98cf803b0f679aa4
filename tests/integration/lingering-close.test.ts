import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';

const CHUNK = Buffer.alloc(256 * 1024, 97);
/** More than the kernel's socket buffers hold, so the client is still sending when the answer comes. */
const BODY_CHUNKS = 100;

let child: ChildProcess;
let port: number;

beforeAll(async () => {
  child = fork('tests/setup/early-answer-server.ts', { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  [port] = (await once(child, 'message')) as [number];
});
afterAll(() => {
  child.kill();
});

/** Blocks this process for `ms`, as a busy client does between writes: it reads its socket only afterwards. */
function stayBusy(ms: number) {
  for (const start = Date.now(); Date.now() - start < ms; );
}

/** The request's next 'drain' or 'close', whichever comes first; neither listener is left behind. */
function drainOrClose(request: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.off('drain', done);
      request.off('close', done);
      resolve();
    };
    request.once('drain', done);
    request.once('close', done);
  });
}

/** POSTs a large body to `/early`, busy between chunks; resolves to the answer, or rejects with the socket's error. */
function postWhileBusy(): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: '/early', method: 'POST', agent: false });
    request.once('error', reject);
    request.once('response', async (res) => {
      let body = '';
      for await (const chunk of res) body += chunk;
      request.destroy();
      resolve({ status: res.statusCode!, body });
    });
    void (async () => {
      for (let i = 0; i < BODY_CHUNKS && !request.destroyed; i++) {
        stayBusy(2);
        if (!request.write(CHUNK)) await drainOrClose(request);
      }
      if (!request.destroyed) request.end();
    })();
  });
}

test('a client still sending when the server refuses its body reads the refusal, not a reset', async () => {
  // Without the lingering close every one of these failed here with EPIPE: the server closed on unread bytes.
  for (let i = 0; i < 20; i++) {
    await expect(postWhileBusy()).resolves.toEqual({ status: 413, body: 'The file is larger than the upload limit.' });
  }
});

test.each(['/early', '/abandoned'])('after an early answer (%s) the server reads the rest of the body, then closes without a reset', async (target) => {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  await once(socket, 'connect');
  const errors: Error[] = [];
  socket.on('error', (error) => errors.push(error));
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk));
  const bodyBytes = 8 * CHUNK.length;
  socket.write(`POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: ${bodyBytes}\r\n\r\n`);
  socket.write(CHUNK);
  await once(socket, 'end'); // the answer, then the server's FIN
  expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  for (let i = 1; i < 8; i++) socket.write(CHUNK);
  socket.end();
  await once(socket, 'close');
  expect(errors).toEqual([]);
});

test('an answer given after the whole body keeps the connection open for the next request', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = () =>
    new Promise<{ body: string; socket: net.Socket }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: '/read', method: 'POST', agent }, async (res) => {
        let body = '';
        for await (const chunk of res) body += chunk;
        resolve({ body, socket: res.socket });
      });
      request.once('error', reject);
      request.end(CHUNK);
    });
  const first = await post();
  const second = await post();
  agent.destroy();
  expect([first.body, second.body]).toEqual([`read ${CHUNK.length} bytes`, `read ${CHUNK.length} bytes`]);
  expect(second.socket).toBe(first.socket);
});
