import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { registerTrainedModel } from '../setup/register-model';

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
let penguin: Record<string, unknown>;

beforeAll(async () => {
  harness = await startHarness({ worker: true });
  user = await harness.signUp('docs@example.com');
  await registerTrainedModel(harness.services, user, { name: 'penguins', graph: penguinsGraph, trainNodeId: 'train-1' });
  const rows = JSON.parse(await readFile('engine/samples/penguins.json', 'utf8')) as Record<string, unknown>[];
  const { Species: _target, ...features } = rows[0]!;
  penguin = features;
}, 120_000);
afterAll(() => harness?.stop());

const getDoc = (path: string) => fetch(`${harness.origin}${path}`, { headers: { cookie: user.cookie } });

describe("a model's OpenAPI document", () => {
  test('is valid OpenAPI 3.1 and its request schema accepts a real record and rejects wrong ones', async () => {
    const res = await getDoc('/api/v1/models/penguins/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    const validator = new Validator();
    const checked = await validator.validate(doc);
    expect(checked.errors).toBeUndefined();
    expect(checked.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.servers).toEqual([{ url: harness.origin }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });

    const resolved = validator.resolveRefs() as any;
    const post = resolved.paths['/api/v1/models/penguins/predict'].post;
    expect(Object.keys(post.responses).sort()).toEqual(['200', '400', '401', '403', '404', '429']);
    expect(post.responses['429'].headers['Retry-After']).toBeDefined();
    const ajv = new Ajv2020({ strict: false });
    const accepts = ajv.compile(post.requestBody.content['application/json'].schema);

    expect(accepts({ records: [penguin] }), JSON.stringify(accepts.errors)).toBe(true);
    expect(accepts(post.requestBody.content['application/json'].example)).toBe(true);
    expect(accepts({ records: [{ ...penguin, 'Body Mass (g)': null }] })).toBe(true);
    expect(accepts({ records: [{ ...penguin, 'Body Mass (g)': 'heavy' }] })).toBe(false);
    expect(accepts.errors![0]).toMatchObject({ instancePath: '/records/0/Body Mass (g)' });
    expect(accepts({ records: [{ ...penguin, Colour: 'black' }] })).toBe(false);
    const { Island: _island, ...missing } = penguin;
    expect(accepts({ records: [missing] })).toBe(false);
    expect(accepts({ records: [] })).toBe(false);

    // What the document promises in return is what the endpoint answers for that record.
    const answered = await fetch(`${harness.origin}/api/v1/models/penguins/predict`, {
      method: 'POST',
      headers: { cookie: user.cookie, origin: harness.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ records: [penguin] }),
    });
    expect(answered.status).toBe(200);
    const returns = ajv.compile(post.responses['200'].content['application/json'].schema);
    const body = await answered.json();
    expect(returns(body), JSON.stringify(returns.errors)).toBe(true);
    expect(returns({ ...body, predictions: [{ value: 3 }] })).toBe(false);
  });

  test('says which model or version is missing, and needs credentials', async () => {
    const unknown = await getDoc('/api/v1/models/walruses/openapi.json');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "No model named 'walruses' is registered in this team." });
    const noVersion = await getDoc('/api/v1/models/penguins/openapi.json?version=9');
    expect(await noVersion.json()).toEqual({ error: "Model 'penguins' has no version 9." });
    const noStaging = await getDoc('/api/v1/models/penguins/openapi.json?stage=staging');
    expect(noStaging.status).toBe(404);
    expect((await noStaging.json()).error).toMatch(/^Model 'penguins' has no version in staging/);
    const badVersion = await getDoc('/api/v1/models/penguins/openapi.json?version=two');
    expect(badVersion.status).toBe(400);
    expect((await badVersion.json()).error).toBe("?version must be a version number such as 3, not 'two'.");
    const anonymous = await fetch(`${harness.origin}/api/v1/models/penguins/openapi.json`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toMatch(/Sign in, or send an API token/);
  });

  test("serves Swagger UI's files from node_modules", async () => {
    const script = await fetch(`${harness.origin}/vendor/swagger-ui/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${harness.origin}/vendor/swagger-ui/swagger-ui.css`)).headers.get('content-type')).toMatch(/text\/css/);
  });
});
