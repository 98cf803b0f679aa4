import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:cluster';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * Spreads connections over the serving processes by least connections, as nginx's `least_conn` does.
 *
 * node:cluster's round robin hands a burst of connections to whichever process answers first, and then
 * to the same one again while more are waiting; a client that opens 16 keep-alive connections at once
 * (a load balancer, wrk) could leave 11 on one process and 5 on the other for the connections' whole
 * life. That process's queue, and so its latency, was then twice the other's while the other idled.
 *
 * The primary accepts every connection paused and passes its handle to the ready process with the fewest
 * open connections; each process says when one of them closes. A connection that arrives before any
 * process is ready waits for the first one.
 */
export type Balancer = {
  /** The port it listens on (useful when asked for port 0). */
  port: number;
  add(process: ServingProcess): void;
  /** Open connections of each ready process. */
  load(): Map<ServingProcess, number>;
  close(): void;
};

/** A cluster worker, or any child process with an IPC channel. */
export type ServingProcess = Pick<Worker, 'send' | 'on' | 'once'> | Pick<ChildProcess, 'send' | 'on' | 'once'>;

type Message = { serving?: 'ready' | 'closed' };
const CONNECTION = { serving: 'connection' } as const;

export async function startBalancer(port: number, host: string): Promise<Balancer> {
  const open = new Map<ServingProcess, number>();
  const waiting: Socket[] = [];
  const server: Server = createServer({ pauseOnConnect: true }, (socket) => {
    // A connection the client drops while it waits is no longer ours to hand on.
    socket.on('error', () => socket.destroy());
    hand(socket);
  });

  function leastLoaded(): ServingProcess | undefined {
    let best: ServingProcess | undefined;
    for (const [worker, count] of open) if (best === undefined || count < open.get(best)!) best = worker;
    return best;
  }

  function hand(socket: Socket): void {
    const worker = leastLoaded();
    if (!worker) return void waiting.push(socket);
    open.set(worker, open.get(worker)! + 1);
    worker.send(CONNECTION, socket, (error: Error | null) => {
      if (!error) return;
      // The process went away between the choice and the hand-over; its exit takes it off the table.
      socket.destroy();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => (server.off('error', reject), resolve()));
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    load: () => new Map(open),
    add(worker) {
      worker.on('message', (message: Message) => {
        if (message?.serving === 'ready') {
          open.set(worker, 0);
          for (const socket of waiting.splice(0)) if (!socket.destroyed) hand(socket);
        } else if (message?.serving === 'closed' && open.has(worker)) {
          open.set(worker, Math.max(0, open.get(worker)! - 1));
        }
      });
      worker.once('exit', () => open.delete(worker));
    },
    close() {
      server.close();
      for (const socket of waiting.splice(0)) socket.destroy();
    },
  };
}

/**
 * In a serving process: takes the connections the primary hands over into `server`, and tells the
 * primary it is ready for them and when each closes.
 */
export function acceptBalancedConnections(server: import('node:http').Server): void {
  // An http.Server starts tracking its connections when it starts listening: the checks that drop a client slower
  // than headersTimeout or requestTimeout, and closeAllConnections. This one never listens itself, so it is told.
  server.emit('listening');
  process.on('message', (message: { serving?: string }, socket?: Socket) => {
    if (message?.serving !== CONNECTION.serving || !socket) return;
    socket.setNoDelay(true);
    // After the primary is gone (shutting down) there is no one left to tell.
    socket.once('close', () => process.connected && process.send?.({ serving: 'closed' } satisfies Message));
    server.emit('connection', socket);
    socket.resume();
  });
  process.send?.({ serving: 'ready' } satisfies Message);
}
