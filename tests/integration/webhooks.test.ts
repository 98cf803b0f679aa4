import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import type { PipelineGraph } from '../../engine/graph-types';
import { webhookDeliveries } from '../../db/schema';
import { verifyWebhookSignature } from '../../worker/notifications/webhook-signature';
import { startHarness, type UserClient } from '../setup/app-harness';
import { failingGraph, startWebhookReceiver } from '../setup/notification-peers';

const CREATE = /* GraphQL */ `
  mutation ($url: String!, $events: [String!]!) { createWebhook(url: $url, events: $events) { secret webhook { id url events enabled } } }
`;
const DELIVERIES = /* GraphQL */ `
  { webhooks { id deliveries { deliveryId event attempt statusCode error durationMs } } }
`;

let harness: Awaited<ReturnType<typeof startHarness>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let owner: UserClient;
let outsider: UserClient;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  harness = await startHarness({
    worker: true,
    // Receivers on this machine are allowed the way an admin would allow one: FETCH_ALLOW_HOSTS.
    urlFetch: { allowHosts: ['127.0.0.1'], maxBytes: 1e6, timeoutMs: 5000, connectTimeoutMs: 2000, maxRedirects: 0, revalidateMs: 0, cacheMaxBytes: 1e6 },
    notifications: { webhookRetryBaseMs: 100, webhookMaxAttempts: 4, webhookTimeoutMs: 3000, appUrl: 'https://ml.example.com' },
  });
  owner = await harness.signUp('hooks@example.com');
  outsider = await harness.signUp('other-team@example.com');
});
afterAll(async () => {
  await harness?.stop();
  await receiver?.stop();
});

async function failRun(user: UserClient, name: string, graph: PipelineGraph = failingGraph) {
  const created = await user.gql(`mutation ($name: String!) { createPipeline(name: $name) { id } }`, { name });
  const id = created.data!.createPipeline.id as string;
  await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph });
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id });
  const runId = started.data!.startRun.id as string;
  await user.subscribe(`subscription ($runId: ID!) { runEvents(runId: $runId) { seq } }`, { runId });
  return runId;
}

async function createHook(user: UserClient, path: string, events = ['run_failed']) {
  const created = await user.gql(CREATE, { url: receiver.url(path), events });
  expect(created.errors).toBeUndefined();
  return created.data!.createWebhook as { secret: string; webhook: { id: string } };
}

/**
 * Pending or retrying webhook jobs: a retry is sent in the transaction that logs the attempt before it. The last
 * attempt's job completes just after its row commits, so tests poll this down to 0 rather than read it once.
 */
const pendingJobs = async () =>
  Number((await harness.services.sql`select count(*) as n from pgboss.job where name = 'webhook-delivery' and state in ('created', 'retry', 'active')`)[0]!.n);

describe('webhooks', () => {
  test('a failed run is POSTed once, signed with the secret, with event and delivery headers, and logged', async () => {
    const { secret, webhook } = await createHook(owner, '/ok');
    const outsiderHook = await createHook(outsider, '/outsider');
    const runId = await failRun(owner, 'Signed failure');

    const [request] = await receiver.waitFor('/ok', 1);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-pipewright-event']).toBe('run_failed');
    expect(verifyWebhookSignature(secret, request!.body, request!.headers['x-pipewright-signature'] as string)).toBe(true);
    expect(verifyWebhookSignature('whsec_wrong', request!.body, request!.headers['x-pipewright-signature'] as string)).toBe(false);
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({
      id: request!.headers['x-pipewright-delivery'],
      event: 'run_failed',
      attempt: 1,
      sentAt: request!.headers['x-pipewright-timestamp'],
      title: 'Run of "Signed failure" failed',
      link: `https://ml.example.com/runs/${runId}`,
      data: { run: { id: runId, status: 'failed', pipelineName: 'Signed failure', trigger: 'manual' } },
    });
    expect(body.data.run.error).toContain('Validate failed');

    await expect.poll(async () => (await owner.gql(DELIVERIES)).data!.webhooks[0].deliveries, { timeout: 10_000 }).toMatchObject([
      { deliveryId: body.id, event: 'run_failed', attempt: 1, statusCode: 200, error: null },
    ]);
    // The other team's webhook heard nothing of this run; its owner sees only their own webhook.
    expect(receiver.received.filter((r) => r.path === '/outsider')).toEqual([]);
    expect((await outsider.gql(DELIVERIES)).data!.webhooks).toEqual([{ id: outsiderHook.webhook.id, deliveries: [] }]);
    const stolen = await outsider.gql(`mutation ($id: ID!) { sendTestWebhook(id: $id) { id } }`, { id: webhook.id });
    expect(stolen.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    await owner.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id });
    await outsider.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { id: outsiderHook.webhook.id });
  }, 90_000);

  test('500s are retried with the same delivery id until a 2xx; every attempt is logged', async () => {
    receiver.script('/flaky', [500, 503, 200]);
    const { webhook } = await createHook(owner, '/flaky');
    await failRun(owner, 'Flaky receiver');
    const requests = await receiver.waitFor('/flaky', 3);
    expect(new Set(requests.map((r) => r.headers['x-pipewright-delivery'])).size).toBe(1);
    expect(requests.map((r) => JSON.parse(r.body).attempt)).toEqual([1, 2, 3]);
    await expect.poll(async () => (await harness.services.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhook.id))).length, { timeout: 10_000 }).toBe(3);
    const rows = await harness.services.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhook.id));
    const byAttempt = rows.sort((a, b) => a.attempt - b.attempt);
    expect(byAttempt.map((r) => [r.attempt, r.statusCode])).toEqual([[1, 500], [2, 503], [3, 200]]);
    expect(byAttempt[0]!.error).toBe('The receiver answered 500. Retrying.');
    expect(byAttempt[2]!.error).toBeNull();
    expect(byAttempt.every((r) => typeof r.durationMs === 'number' && r.durationMs >= 0)).toBe(true);
    await expect.poll(pendingJobs, { timeout: 10_000 }).toBe(0);
    await owner.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id });
  }, 90_000);

  test('a 400 is not retried; an unreachable receiver is retried until the attempts run out', async () => {
    receiver.script('/refuses', [400]);
    const refusing = await createHook(owner, '/refuses');
    // A closed port: connection refused, a network error worth retrying.
    const closed = await owner.gql(CREATE, { url: 'http://127.0.0.1:9/hook', events: ['run_failed'] });
    const closedId = closed.data!.createWebhook.webhook.id as string;
    await failRun(owner, 'Refused');
    await receiver.waitFor('/refuses', 1);
    const attemptsOf = async (id: string) => (await harness.services.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id))).sort((a, b) => a.attempt - b.attempt);
    await expect.poll(async () => (await attemptsOf(closedId)).length, { timeout: 30_000 }).toBe(4);
    await expect.poll(pendingJobs, { timeout: 10_000 }).toBe(0);
    const refused = await attemptsOf(refusing.webhook.id);
    expect(refused.map((r) => [r.attempt, r.statusCode, r.error])).toEqual([[1, 400, 'The receiver answered 400.']]);
    const unreachable = await attemptsOf(closedId);
    expect(unreachable.map((r) => r.statusCode)).toEqual([null, null, null, null]);
    expect(unreachable[0]!.error).toMatch(/refused.*Retrying\.$/);
    expect(unreachable[3]!.error).not.toMatch(/Retrying/);
    await owner.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { id: refusing.webhook.id });
    await owner.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { id: closedId });
  }, 90_000);

  test('Send test delivers a signed ping now; bad URLs and events are refused with what to do', async () => {
    const { secret, webhook } = await createHook(owner, '/ping', ['run_succeeded']);
    const sent = await owner.gql(`mutation ($id: ID!) { sendTestWebhook(id: $id) { event attempt statusCode error } }`, { id: webhook.id });
    expect(sent.data!.sendTestWebhook).toEqual({ event: 'ping', attempt: 1, statusCode: 200, error: null });
    const [ping] = await receiver.waitFor('/ping', 1);
    expect(ping!.headers['x-pipewright-event']).toBe('ping');
    expect(verifyWebhookSignature(secret, ping!.body, ping!.headers['x-pipewright-signature'] as string)).toBe(true);

    const refuse = async (url: string, events = ['run_failed']) => (await owner.gql(CREATE, { url, events })).errors![0]!.message;
    expect(await refuse('http://example.com/hook')).toContain('Webhooks are sent over https only');
    expect(await refuse('https://10.1.2.3/hook')).toContain('10.1.2.3 is a private address');
    expect(await refuse('https://169.254.169.254/latest')).toContain('the cloud metadata address');
    expect(await refuse('not a url')).toContain('is not a URL');
    expect(await refuse('https://user:pw@example.com/')).toContain('Remove the user name and password');
    expect(await refuse('https://example.com/hook', [])).toBe('Choose at least one event to send.');
    expect(await refuse('https://example.com/hook', ['run_exploded'])).toContain('Unknown event "run_exploded"');
  }, 60_000);
});
