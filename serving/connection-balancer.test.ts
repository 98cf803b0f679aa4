import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { startBalancer, type Balancer } from './connection-balancer';

/** Real processes and sockets: each child is tests/setup/balanced-server.ts, answering with its pid. */
const children: ChildProcess[] = [];
const sockets: net.Socket[] = [];
let balancer: Balancer | undefined;

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  balancer?.close();
  balancer = undefined;
  await Promise.all(children.splice(0).map((child) => (child.exitCode === null && child.signalCode === null ? (child.kill(), once(child, 'exit')) : undefined)));
});

function startChild(): ChildProcess {
  const child = fork('tests/setup/balanced-server.ts', { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  children.push(child);
  balancer!.add(child);
  return child;
}

const ready = (child: ChildProcess) => new Promise<void>((resolve) => child.on('message', (message: { serving?: string }) => message?.serving === 'ready' && resolve()));

/** A keep-alive connection to the balancer. */
async function connect(): Promise<net.Socket> {
  const socket = net.connect(balancer!.port, '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  return socket;
}

/** Sends one request on `socket` and resolves with the pid that answered it. */
function ask(socket: net.Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1]);
      if (head < 0 || !(text.length >= head + 4 + length)) return;
      socket.off('data', onData).off('error', reject);
      resolve(Number(text.slice(head + 4, head + 4 + length)));
    };
    socket.on('data', onData).once('error', reject);
    socket.write('GET / HTTP/1.1\r\nHost: balancer\r\n\r\n');
  });
}

const countBy = (pids: number[]) => pids.reduce((counts, pid) => counts.set(pid, (counts.get(pid) ?? 0) + 1), new Map<number, number>());

test('a burst of 16 connections is split 8 and 8 over two processes, and a new one goes to the process with fewer open', async () => {
  balancer = await startBalancer(0, '127.0.0.1');
  const [a, b] = [startChild(), startChild()];
  await Promise.all([ready(a), ready(b)]);
  const burst = await Promise.all(Array.from({ length: 16 }, connect));
  const pids = await Promise.all(burst.map(ask));
  expect([...countBy(pids).entries()].sort()).toEqual([[a.pid, 8], [b.pid, 8]].sort());
  // Every later request on a connection goes to the same process: the connection is that process's.
  expect(await Promise.all(burst.map(ask))).toEqual(pids);

  // Close five of a's connections: the next five connections all go to a.
  const ofA = burst.filter((_, i) => pids[i] === a.pid).slice(0, 5);
  for (const socket of ofA) socket.destroy();
  await expect.poll(() => balancer!.load().get(a)).toBe(3);
  const next = await Promise.all(Array.from({ length: 5 }, connect));
  expect(await Promise.all(next.map(ask))).toEqual(Array(5).fill(a.pid));
  expect(balancer.load()).toEqual(new Map([[a, 8], [b, 8]]));
});

test('a connection that comes before any process is ready waits for one; a process that exits takes no more', async () => {
  balancer = await startBalancer(0, '127.0.0.1');
  const early = await connect();
  const answer = ask(early);
  const a = startChild();
  expect(await answer).toBe(a.pid);

  const b = startChild();
  await ready(b);
  a.kill();
  await once(a, 'exit');
  const later = await Promise.all(Array.from({ length: 3 }, connect));
  expect(await Promise.all(later.map(ask))).toEqual(Array(3).fill(b.pid));
});

test("a process keeps http's timeouts for the connections it is handed: a client that never finishes its headers is dropped", async () => {
  balancer = await startBalancer(0, '127.0.0.1');
  await ready(startChild());
  const slow = await connect();
  let answer = '';
  slow.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  slow.write('GET / HTTP/1.1\r\nHost: balancer\r\n');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stillOpen = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('The slow client was still connected after 5 s.')), 5_000)));
  await Promise.race([once(slow, 'close'), stillOpen]).finally(() => clearTimeout(timer));
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
});
