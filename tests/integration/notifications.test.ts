import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PipelineGraph } from '../../engine/graph-types';
import { startHarness, type UserClient } from '../setup/app-harness';
import { failingGraph, startSmtpServer, succeedingGraph } from '../setup/notification-peers';

const NOTIFICATION_ADDED = /* GraphQL */ `
  subscription { notificationAdded { unreadCount notification { id event title body link runId readAt } } }
`;
const NOTIFICATIONS = /* GraphQL */ `
  query ($unreadOnly: Boolean) { notifications(unreadOnly: $unreadOnly) { total unreadCount items { id event title body link runId readAt } } }
`;
type Added = { notificationAdded: { unreadCount: number; notification: { id: string; event: string; title: string; body: string | null; link: string; runId: string } | null } };

let harness: Awaited<ReturnType<typeof startHarness>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let alice: UserClient;
let bob: UserClient;

beforeAll(async () => {
  smtp = await startSmtpServer();
  harness = await startHarness({ worker: true, notifications: { smtpUrl: smtp.url, emailFrom: 'Pipewright <pw@example.com>', appUrl: 'https://ml.example.com' } });
  alice = await harness.signUp('alice@example.com');
  bob = await harness.signUp('bob@example.com');
});
afterAll(async () => {
  await harness?.stop();
  await smtp?.stop();
});

async function pipelineWith(user: UserClient, name: string, graph: PipelineGraph) {
  const created = await user.gql(`mutation ($name: String!) { createPipeline(name: $name) { id } }`, { name });
  const id = created.data!.createPipeline.id as string;
  const saved = await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph });
  expect(saved.errors).toBeUndefined();
  return id;
}

/** Starts a run and returns its id once its final status is recorded. */
async function runToEnd(user: UserClient, pipelineId: string) {
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  expect(started.errors).toBeUndefined();
  const runId = started.data!.startRun.id as string;
  await user.subscribe(`subscription ($runId: ID!) { runEvents(runId: $runId) { seq } }`, { runId });
  return runId;
}

/** Follows the viewer's notification feed; `next()` resolves with the next pushed event. */
function follow(user: UserClient) {
  const queue: Added[] = [];
  let wake = () => {};
  let failure: unknown;
  void user.subscribe<Added>(NOTIFICATION_ADDED, {}, (event) => {
    queue.push(event);
    wake();
  }).catch((error) => {
    failure = error;
    wake();
  });
  return {
    failure: () => failure,
    next: async () => {
      while (queue.length === 0) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return queue.shift()!.notificationAdded;
    },
  };
}

describe('notifications of run endings', () => {
  test('a failed run notifies its starter live, in the list and by e-mail; nobody else hears of it', async () => {
    const aliceFeed = follow(alice);
    const bobFeed = follow(bob);
    await expect.poll(() => [aliceFeed.failure(), bobFeed.failure(), harness.services.notificationFeed.subscribers()], { timeout: 30_000 }).toEqual([undefined, undefined, 2]);

    const pipelineId = await pipelineWith(alice, 'Beak check', failingGraph);
    const runId = await runToEnd(alice, pipelineId);

    const pushed = await aliceFeed.next();
    expect(pushed.unreadCount).toBe(1);
    expect(pushed.notification).toMatchObject({ event: 'run_failed', title: 'Run of "Beak check" failed', link: `/runs/${runId}`, runId });
    expect(pushed.notification!.body).toContain('Validate failed');

    const listed = await alice.gql(NOTIFICATIONS);
    expect(listed.data!.notifications).toMatchObject({ total: 1, unreadCount: 1, items: [{ id: pushed.notification!.id, readAt: null }] });

    // Failures are e-mailed by default, with the run's name, status and a full link.
    const [mail] = await smtp.waitFor('alice@example.com', 1);
    expect(mail!.subject).toBe('[Pipewright] Run of "Beak check" failed');
    expect(mail!.text).toContain('Account → Notifications');
    expect(mail!.text).toContain(`Open it: https://ml.example.com/runs/${runId}`);
    expect(mail!.text).toContain('Validate failed');

    // Bob (another team) sees none of it: not in his list, and the first event his feed gets is his own run's.
    expect((await bob.gql(NOTIFICATIONS)).data!.notifications).toMatchObject({ total: 0, unreadCount: 0, items: [] });
    const bobPipeline = await pipelineWith(bob, 'Bob only', succeedingGraph);
    const bobRun = await runToEnd(bob, bobPipeline);
    const bobsFirst = await bobFeed.next();
    expect(bobsFirst.notification).toMatchObject({ event: 'run_succeeded', runId: bobRun, title: 'Run of "Bob only" succeeded' });
    // How long it took, as the runs list and the run page write durations ('850 ms', '4.2 s', '3 min 5 s').
    expect(bobsFirst.notification!.body).toMatch(/^Took (\d{1,3} ms|[1-9]\.\d s|\d+ s|\d+ min( \d+ s)?)\.$/);
    // Successes are not e-mailed by default.
    expect(smtp.messages.filter((m) => m.to.includes('bob@example.com'))).toEqual([]);

    // Bob cannot mark Alice's notification read.
    await bob.gql(`mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [pushed.notification!.id] });
    expect((await alice.gql(NOTIFICATIONS)).data!.notifications.unreadCount).toBe(1);
    // Alice can; the count drops to 0.
    const marked = await alice.gql(`mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [pushed.notification!.id] });
    expect(marked.data!.markNotificationsRead).toBe(0);
    expect((await alice.gql(NOTIFICATIONS, { unreadOnly: true })).data!.notifications).toMatchObject({ total: 0, items: [] });
  }, 60_000);

  test('preferences: in-app off means no notification row, e-mail on for successes sends one', async () => {
    const prefs = await alice.gql(`{ notificationPreferences { event inApp email } }`);
    expect(prefs.data!.notificationPreferences).toEqual([
      { event: 'run_succeeded', inApp: true, email: false },
      { event: 'run_failed', inApp: true, email: true },
      { event: 'run_cancelled', inApp: true, email: false },
      { event: 'schedule_paused', inApp: true, email: true },
    ]);
    const set = (event: string, inApp: boolean, email: boolean) =>
      alice.gql(`mutation ($e: String!, $i: Boolean!, $m: Boolean!) { setNotificationPreference(event: $e, inApp: $i, email: $m) { event } }`, { e: event, i: inApp, m: email });
    expect((await set('run_failed', false, false)).errors).toBeUndefined();
    expect((await set('run_succeeded', true, true)).errors).toBeUndefined();
    const bad = await set('run_exploded', true, true);
    expect(bad.errors![0]).toMatchObject({ message: expect.stringContaining('Unknown event "run_exploded"'), extensions: { code: 'BAD_USER_INPUT' } });

    const mailsBefore = (await smtp.waitFor('alice@example.com', 1)).length;
    const before = (await alice.gql(NOTIFICATIONS)).data!.notifications.total as number;
    const failing = await pipelineWith(alice, 'Quiet failure', failingGraph);
    await runToEnd(alice, failing);
    const passing = await pipelineWith(alice, 'Loud success', succeedingGraph);
    const passedRun = await runToEnd(alice, passing);

    // The success is mailed (opted in); the failure neither listed nor mailed (opted out). E-mail jobs are
    // sent in the transaction that ends the run, so the job table already says whether one was ever asked for.
    const mails = await smtp.waitFor('alice@example.com', mailsBefore + 1);
    expect(mails[mailsBefore]!.subject).toBe('[Pipewright] Run of "Loud success" succeeded');
    const emailJobs = await harness.services.sql`select data->>'title' as title from pgboss.job where name = 'notification-email'`;
    expect(emailJobs.map((j) => j.title)).not.toContain('Run of "Quiet failure" failed');
    expect(emailJobs.map((j) => j.title)).toContain('Run of "Loud success" succeeded');
    const after = (await alice.gql(NOTIFICATIONS)).data!.notifications;
    expect(after.total).toBe(before + 1);
    expect(after.items[0]).toMatchObject({ event: 'run_succeeded', runId: passedRun });
  }, 60_000);
});
