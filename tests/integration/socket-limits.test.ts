import { afterAll, beforeAll, expect, test } from 'vitest';
import { SOCKET_LIMITS } from '../../graphql/ws-server';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { openSocket } from '../setup/ws-client';

// No worker: the run stays queued, so every subscription to it stays open.
let harness: Awaited<ReturnType<typeof startHarness>>;
let ada: UserClient;
let runId: string;
beforeAll(async () => {
  harness = await startHarness();
  ada = await harness.signUp('sockets@example.com');
  const id = (await ada.gql(`mutation { createPipeline(name: "Many") { id } }`)).data!.createPipeline.id;
  await ada.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph: penguinsGraph });
  runId = (await ada.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id })).data!.startRun.id;
});
afterAll(() => harness?.stop());

const RUN_EVENTS = 'subscription ($runId: ID!) { runEvents(runId: $runId) { seq } }';
const subscribeMany = (socket: ReturnType<typeof openSocket>, n: number) =>
  Array.from({ length: n }, () => socket.start(RUN_EVENTS, { runId }));

test('one socket holds at most 20 operations; the ones over get a clear error and the socket stays usable', async () => {
  const socket = openSocket(harness.origin, ada.cookie);
  try {
    const subs = subscribeMany(socket, SOCKET_LIMITS.perSocket + 5);
    const firsts = await Promise.all(subs.map((s) => s.first));
    expect(firsts.filter((f) => f.data)).toHaveLength(SOCKET_LIMITS.perSocket);
    const refused = firsts.filter((f) => f.errors);
    expect(refused).toHaveLength(5);
    expect(refused[0]!.errors![0]!.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(refused[0]!.errors![0]!.message).toMatch(/already has 20 operations open, the limit/);
    expect(socket.closed).toBeUndefined();

    // Closing one makes room for another.
    subs.find((s, i) => firsts[i]!.data)!.unsubscribe();
    await expect.poll(async () => (await socket.start(RUN_EVENTS, { runId }).first).data, { interval: 20, timeout: 2000 }).toBeDefined();
  } finally {
    await socket.dispose();
  }
});

test('one user holds at most 50 live operations across their sockets on a web process', async () => {
  const sockets = [0, 1, 2].map(() => openSocket(harness.origin, ada.cookie));
  try {
    const live = [...subscribeMany(sockets[0]!, 20), ...subscribeMany(sockets[1]!, 20), ...subscribeMany(sockets[2]!, 10)];
    for (const first of await Promise.all(live.map((s) => s.first))) expect(first.data).toBeDefined();
    const over = await sockets[2]!.start(RUN_EVENTS, { runId }).first;
    expect(over.errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(over.errors?.[0]?.message).toMatch(/already have 50 live subscriptions open, the limit per user/);

    // Another user is unaffected; closing a socket returns its share.
    const bob = await harness.signUp('sockets-bob@example.com');
    const bobSocket = openSocket(harness.origin, bob.cookie);
    expect((await bobSocket.start<{ nodeTypes: unknown[] }>('{ nodeTypes { type } }').first).data).toBeDefined();
    await bobSocket.dispose();
    await sockets[0]!.dispose();
    await expect.poll(async () => (await sockets[2]!.start(RUN_EVENTS, { runId }).first).data, { interval: 20, timeout: 2000 }).toBeDefined();
  } finally {
    await Promise.all(sockets.map((s) => s.dispose()));
  }
});

test('one user holds at most 20 sockets on a web process; the one over is closed with a reason', async () => {
  const lin = await harness.signUp('sockets-lin@example.com');
  const sockets = Array.from({ length: SOCKET_LIMITS.socketsPerUser }, () => openSocket(harness.origin, lin.cookie));
  try {
    // Each of these is acknowledged (it answers an operation) before the next one is opened.
    for (const socket of sockets) expect((await socket.start<{ me: unknown }>('{ me { id } }').first).data?.me).toBeTruthy();
    const over = openSocket(harness.origin, lin.cookie);
    sockets.push(over);
    await over.start('{ me { id } }').done;
    expect(over.closed).toMatchObject({ code: 4429, reason: expect.stringMatching(/^Too many open connections for your account/) });
    expect(sockets[0]!.closed).toBeUndefined();
  } finally {
    await Promise.all(sockets.map((s) => s.dispose()));
  }
});
