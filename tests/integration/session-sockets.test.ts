import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberships, sessions } from '../../db/schema';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { postForm, startHarness, type UserClient } from '../setup/app-harness';
import { openSocket, waitFor } from '../setup/ws-client';

// No worker: runs stay queued, so their event subscriptions stay open until the server closes them.
let harness: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

const RUN_EVENTS = 'subscription ($runId: ID!) { runEvents(runId: $runId) { seq type status } }';

const post = (path: string, form: Record<string, string>, cookie?: string) => postForm(harness.origin, path, form, cookie ? { cookie } : {});

async function signIn(email: string, password: string) {
  const res = await post('/login', { email, password });
  expect(res.status).toBe(302);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function queuedRun(client: UserClient) {
  const created = await client.gql(`mutation { createPipeline(name: "Live") { id } }`);
  const id = created.data!.createPipeline.id;
  await client.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph: penguinsGraph });
  return (await client.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id })).data!.startRun.id as string;
}

/** A socket carrying `cookie` with a live runEvents subscription (its first event has arrived). */
async function following(cookie: string, runId: string) {
  const socket = openSocket(harness.origin, cookie);
  const sub = socket.start(RUN_EVENTS, { runId });
  expect((await sub.first).data).toBeDefined();
  return socket;
}

describe('sessions that end close their sockets', () => {
  test('signing out closes that session’s open subscription socket within a second', async () => {
    const ada = await harness.signUp('ada-ws@example.com');
    const runId = await queuedRun(ada);
    const socket = await following(ada.cookie, runId);
    try {
      expect((await post('/logout', {}, ada.cookie)).status).toBe(302);
      // Counted from the sign-out's answer (the session is gone by then), not from the request's start.
      const signedOut = Date.now();
      const closed = await waitFor(() => socket.closed, 1000, 'the socket to close after sign-out');
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(/Your session ended/);
      expect(closed.at - signedOut).toBeLessThan(1000);
    } finally {
      await socket.dispose();
    }
  });

  test('a password change closes the other sessions’ sockets, keeps the current one, and retires the old password', async () => {
    const grace = await harness.signUp('grace-ws@example.com', 'first password 1');
    const laptop = await signIn('grace-ws@example.com', 'first password 1');
    const runId = await queuedRun(grace);
    const current = await following(grace.cookie, runId);
    const other = await following(laptop, runId);
    try {
      const page = await (await fetch(`${harness.origin}/account`, { headers: { cookie: grace.cookie } })).text();
      for (const label of ['Current password', 'New password', 'Confirm new password']) expect(page).toContain(`>${label}</label>`);
      const bad = await post('/account', { currentPassword: 'wrong', newPassword: 'second password 2', confirmPassword: 'second password 2' }, grace.cookie);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('Your current password is not correct.');

      const changed = await post('/account', { currentPassword: 'first password 1', newPassword: 'second password 2', confirmPassword: 'second password 2' }, grace.cookie);
      expect(changed.status).toBe(200);
      expect(await changed.text()).toContain('Password changed.');
      const closed = await waitFor(() => other.closed, 1000, 'the other session’s socket to close');
      expect(closed.code).toBe(4401);
      // The current session's socket is still open and still serves it.
      expect(current.closed).toBeUndefined();
      const again = await current.start<{ me: { email: string } }>('{ me { email } }').first;
      expect(again.data?.me.email).toBe('grace-ws@example.com');

      expect((await post('/login', { email: 'grace-ws@example.com', password: 'first password 1' })).status).toBe(400);
      expect(await signIn('grace-ws@example.com', 'second password 2')).toMatch(/^pw_session=/);
    } finally {
      await current.dispose();
      await other.dispose();
    }
  });

  test('a session that expires, and a member removed from the team, lose their sockets too', async () => {
    const lin = await harness.signUp('lin-ws@example.com');
    const runId = await queuedRun(lin);
    const expiring = await following(lin.cookie, runId);
    const sessionId = decodeURIComponent(lin.cookie.split('=')[1]!);
    try {
      await harness.services.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, sessionId));
      // What the 30 s timer runs; called here so the test need not wait for it.
      await harness.services.socketSessions.recheck();
      expect((await waitFor(() => expiring.closed, 1000, 'the expired session’s socket to close')).code).toBe(4401);
    } finally {
      await expiring.dispose();
    }

    const max = await harness.signUp('max-ws@example.com');
    const maxRun = await queuedRun(max);
    const member = await following(max.cookie, maxRun);
    try {
      const [user] = await harness.services.db.select().from(sessions).where(eq(sessions.id, decodeURIComponent(max.cookie.split('=')[1]!)));
      await harness.services.db.delete(memberships).where(eq(memberships.userId, user!.userId));
      const closed = await waitFor(() => member.closed, 1000, 'the removed member’s socket to close');
      expect(closed.code).toBe(4403);
    } finally {
      await member.dispose();
    }
  });
});
