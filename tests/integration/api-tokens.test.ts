import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createDb } from '../../db/client';
import { apiTokens, auditEvents, pipelines } from '../../db/schema';
import { startCallerCache } from '../../serving/caller-cache';
import { startHarness, type UserClient } from '../setup/app-harness';
import { penguinsGraph } from '../fixtures/penguins-graph';

// No worker: these tests only create, use and revoke tokens. The OpenAPI route answers 404 without a model,
// which is enough to tell an accepted token (404) from a refused one (401/429).
let harness: Awaited<ReturnType<typeof startHarness>>;
let admin: UserClient;

const CREATE = `mutation ($n: String!, $s: ApiTokenScope!, $d: Int) { createApiToken(name: $n, scope: $s, expiresInDays: $d) { secret token { id name scope prefix createdBy expiresAt lastUsedAt revokedAt } } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`;

beforeAll(async () => {
  harness = await startHarness({ apiRateLimitPerMinute: 3 });
  admin = await harness.signUp('token-admin@example.com');
});
afterAll(() => harness?.stop());

async function createToken(name: string, scope: 'predict' | 'full', days: number | null = null) {
  const res = await admin.gql(CREATE, { n: name, s: scope, d: days });
  expect(res.errors).toBeUndefined();
  return res.data!.createApiToken as { secret: string; token: { id: string; prefix: string } };
}

/** GraphQL as a script would call it: a token, no cookie, no Origin header. */
async function gqlWithToken(secret: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${harness.origin}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: any }[] } };
}

const openApi = (secret: string, name = 'nothing-here') =>
  fetch(`${harness.origin}/api/v1/models/${name}/openapi.json`, { headers: { authorization: `Bearer ${secret}` } });

describe('API tokens', () => {
  test('an admin creates a token shown once, listed by prefix, and audited', async () => {
    const { secret, token } = await createToken('CI deploy', 'full', 30);
    expect(secret).toMatch(new RegExp(`^pw_${token.prefix}_[A-Za-z0-9_-]{43}$`));
    expect(token).toMatchObject({ name: 'CI deploy', scope: 'full', createdBy: 'token-admin', revokedAt: null, lastUsedAt: null });
    const days = (Date.parse((token as any).expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const listed = await admin.gql(`{ apiTokens { id name prefix scope } }`);
    expect(listed.data!.apiTokens).toContainEqual({ id: token.id, name: 'CI deploy', prefix: token.prefix, scope: 'full' });
    expect(JSON.stringify(listed)).not.toContain(secret);
    const [row] = await harness.services.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row!.tokenHash).not.toContain(secret.slice(12));
    const audit = await harness.services.db.select().from(auditEvents).where(eq(auditEvents.targetId, token.id));
    expect(audit).toMatchObject([{ action: 'token.created', targetName: 'CI deploy', details: { scope: 'full', prefix: token.prefix } }]);
  });

  test.each([
    [{ n: '  ', s: 'full' }, 'name', /Give the token a name/],
    [{ n: 'x'.repeat(81), s: 'full' }, 'name', /limited to 80 characters; this one has 81/],
    [{ n: 'ok', s: 'full', d: 0 }, 'expiresInDays', /whole number of days from 1 to 3650/],
  ])('refuses bad input %j, naming the %s argument', async (vars, argument, message) => {
    const res = await admin.gql(CREATE, vars);
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument } });
    expect(res.errors![0]!.message).toMatch(message);
  });

  test('a full token uses GraphQL without cookie or Origin, as an editor of the team, and records its last use', async () => {
    const { secret, token } = await createToken('Script', 'full');
    const me = await gqlWithToken(secret, `{ me { email team { name role } } }`);
    expect(me.body).toEqual({ data: { me: { email: 'token-admin@example.com', team: { name: "token-admin's team", role: 'editor' } } } });
    // A mutation with no Origin header: refused for cookies, allowed for tokens.
    const created = await gqlWithToken(secret, `mutation { createPipeline(name: "From a script") { id } }`);
    expect(created.body.errors).toBeUndefined();
    const [pipeline] = await harness.services.db.select().from(pipelines).where(eq(pipelines.id, created.body.data.createPipeline.id));
    expect(pipeline!.name).toBe('From a script');
    // A run the script starts is an 'api' run, as the Runs page's filter lists it.
    const saved = await gqlWithToken(secret, `mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id: pipeline!.id, graph: penguinsGraph });
    expect(saved.body.errors).toBeUndefined();
    const started = await gqlWithToken(secret, `mutation ($id: ID!) { startRun(pipelineId: $id) { id trigger } }`, { id: pipeline!.id });
    expect(started.body.data.startRun.trigger).toBe('api');
    const listed = await gqlWithToken(secret, `{ runs(trigger: "api") { runs { id } } }`);
    expect(listed.body.data.runs.runs).toEqual([{ id: started.body.data.startRun.id }]);
    // A token never administers tokens.
    const mint = await gqlWithToken(secret, CREATE, { n: 'Another', s: 'full' });
    expect(mint.body.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await vi.waitFor(async () => {
      const [row] = await harness.services.db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, token.id));
      expect(row!.lastUsedAt).not.toBeNull();
    }, { timeout: 5000, interval: 20 });
  });

  test('a predict token may read OpenAPI documents but not use GraphQL', async () => {
    const { secret } = await createToken('Billing service', 'predict');
    const res = await gqlWithToken(secret, `{ me { email } }`);
    expect(res.status).toBe(403);
    expect(res.body.errors![0]!.message).toMatch(/API token 'Billing service' has the 'predict' scope: it may call the prediction API .* Use a token with the 'full' scope/);
    const doc = await openApi(secret);
    expect(doc.status).toBe(404);
    expect(await doc.json()).toEqual({ error: "No model named 'nothing-here' is registered in this team." });
  });

  test('a revoked token is refused at once, here and by another process, and the revoke is audited', async () => {
    const { secret, token } = await createToken('Leaked', 'full');
    // Another web process, with its own connection and cache, has already seen the token.
    const other = createDb(harness.databaseUrl, { max: 2 });
    const otherCache = await startCallerCache({ db: other.db, sql: other.sql, auth: harness.services.auth });
    try {
      expect(await otherCache.verifyToken(`Bearer ${secret}`)).toMatchObject({ ok: true });
      expect((await gqlWithToken(secret, `{ me { email } }`)).status).toBe(200);

      const revoked = await admin.gql(REVOKE, { id: token.id });
      expect(revoked.errors).toBeUndefined();
      const after = await gqlWithToken(secret, `{ me { email } }`);
      expect(after.status).toBe(401);
      expect(after.body.errors![0]!.message).toMatch(/API token 'Leaked' was revoked on \d{4}-\d\d-\d\d\. An admin of the team can create one under Settings → API tokens\./);
      expect((await openApi(secret)).status).toBe(401);
      await vi.waitFor(async () => expect(await otherCache.verifyToken(`Bearer ${secret}`)).toMatchObject({ ok: false, error: expect.stringMatching(/was revoked/) }), { timeout: 1000, interval: 5 });
    } finally {
      await otherCache.stop();
      await other.sql.end();
    }
    const audit = await harness.services.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, token.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['token.created', 'token.revoked']);
    const again = await admin.gql(REVOKE, { id: token.id });
    expect(again.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  test('expired, unknown and malformed tokens get 401 saying which', async () => {
    const { secret, token } = await createToken('Short-lived', 'predict', 1);
    await harness.services.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, token.id));
    const expired = await openApi(secret);
    expect(expired.status).toBe(401);
    expect((await expired.json()).error).toMatch(/^API token 'Short-lived' expired on \d{4}-\d\d-\d\d\./);

    const unknown = await openApi(`pw_abcdefgh_${'x'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error).toMatch(/not valid: it was never issued/);
    const malformed = await openApi('hunter2');
    expect((await malformed.json()).error).toMatch(/not a Pipewright API token: they read pw_/);
    const direct = await harness.services.callers.authenticate({ authorization: 'Basic abc' }, { sameOrigin: false, method: 'POST' });
    expect(direct).toMatchObject({ status: 401, error: expect.stringMatching(/must read `Bearer <token>`/) });
  });

  test('a request with a bad token is refused even when it also carries a valid session cookie', async () => {
    const res = await fetch(`${harness.origin}/graphql`, {
      method: 'POST',
      headers: { authorization: 'Bearer pw_abcdefgh_' + 'y'.repeat(43), cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { createPipeline(name: "Should not exist") { id } }' }),
    });
    expect(res.status).toBe(401);
    const listed = await admin.gql(`{ pipelines { name } }`);
    expect(listed.data!.pipelines.map((p: { name: string }) => p.name)).not.toContain('Should not exist');
    // Without a token the Origin check still applies to the cookie.
    const cookieOnly = await fetch(`${harness.origin}/graphql`, { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { email } }' }) });
    expect(cookieOnly.status).toBe(403);
  });

  test('the caller cache names the token caller and its scope, with no Origin needed', async () => {
    const { secret, token } = await createToken('Caller', 'predict');
    const caller = await harness.services.callers.authenticate({ authorization: `Bearer ${secret}` }, { sameOrigin: false, method: 'POST' });
    expect(caller).toMatchObject({ tokenId: token.id, userId: null, scope: { kind: 'token', scope: 'predict' } });
  });

  test('past its rate limit a token gets 429 with Retry-After, and other tokens do not', async () => {
    const { secret } = await createToken('Busy', 'predict');
    for (let i = 0; i < 3; i++) expect((await openApi(secret)).status).toBe(404);
    const limited = await openApi(secret);
    expect(limited.status).toBe(429);
    // 3 per minute: one request's worth comes back in 20 s.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(19);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect((await limited.json()).error).toMatch(/Rate limit reached: 3 requests per minute for this API token\. Retry after \d+ s/);
    const { secret: other } = await createToken('Quiet', 'predict');
    expect((await openApi(other)).status).toBe(404);
  });

  test("a token's own rate limit, set at creation, replaces the default on the prediction API", async () => {
    const res = await admin.gql(`mutation { createApiToken(name: "Batch job", scope: predict, rateLimitPerMinute: 5) { secret token { id rateLimitPerMinute } } }`);
    expect(res.errors).toBeUndefined();
    const { secret, token } = res.data!.createApiToken as { secret: string; token: { id: string; rateLimitPerMinute: number } };
    expect(token.rateLimitPerMinute).toBe(5);
    const listed = await admin.gql(`{ apiTokens { id rateLimitPerMinute } }`);
    expect(listed.data!.apiTokens).toContainEqual({ id: token.id, rateLimitPerMinute: 5 });
    const audit = await harness.services.db.select({ details: auditEvents.details }).from(auditEvents).where(eq(auditEvents.targetId, token.id));
    expect(audit).toMatchObject([{ details: { rateLimitPerMinute: 5 } }]);

    const predict = () =>
      fetch(`${harness.origin}/api/v1/models/nothing-here/predict`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: '{"records":[]}' });
    // 5, not the server's 3: authenticated, then 404 for the unknown model.
    for (let i = 0; i < 5; i++) expect((await predict()).status).toBe(404);
    const limited = await predict();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(11);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(12);
    expect((await limited.json()).error).toMatch(/Rate limit reached: 5 requests per minute for this API token\. Retry after \d+ s .*a token with a higher limit/);

    const bad = await admin.gql(`mutation { createApiToken(name: "Zero", scope: predict, rateLimitPerMinute: 0) { secret } }`);
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'rateLimitPerMinute' } });
  });
});

