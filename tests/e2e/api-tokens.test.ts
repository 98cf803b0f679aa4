import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createLocalBlobStore } from '../../db/blob-store';
import { createDb } from '../../db/client';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { setupE2E, signUpInBrowser } from '../setup/e2e';
import { registerRunModel } from '../fixtures/model-registry';

const e2e = setupE2E();

const meWithToken = (token: string) =>
  fetch(`${e2e.origin()}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { email } }' }) });

async function gql(page: Page, query: string, variables: Record<string, unknown> = {}) {
  const res = await page.request.post(`${e2e.origin()}/graphql`, { headers: { origin: e2e.origin() }, data: { query, variables } });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

test('an admin creates a token, copies it, uses it, and revokes it', () =>
  // In a browser whose time zone and language are not the server's: dates and counts still hydrate unchanged.
  e2e.usePage('api-tokens', { width: 1300, height: 900, timezoneId: 'Asia/Tokyo', locale: 'de-DE' }, async (page) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && /hydrat|did not match|Minified React error #(418|423|425)/i.test(m.text()) && pageErrors.push(m.text())));
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.origin() });
    await signUpInBrowser(page, e2e.origin(), 'token-owner@example.com');
    await page.goto(`${e2e.origin()}/account`);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByText('No API tokens yet').waitFor();

    await page.getByLabel('Name').fill('CI deploy');
    await page.getByLabel('Scope').selectOption({ label: 'Full API' });
    await page.getByLabel('Expires').selectOption({ label: 'In 30 days' });
    await page.getByLabel('Requests per minute').fill('120');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('status', { name: 'New token' });
    await shown.getByText("Token 'CI deploy' created. Copy it now: it is shown only this once.").waitFor();
    const secret = (await shown.getByLabel('New API token').textContent())!;
    expect(secret).toMatch(/^pw_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: 'Copy token' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const row = page.getByRole('table', { name: 'API tokens' }).getByRole('row', { name: /CI deploy/ });
    await row.getByText(`${secret.slice(0, 11)}_…`).waitFor();
    await row.getByText('Full API').waitFor();
    await row.getByText('120/min').waitFor();
    await row.getByText(/^Expires [A-Z][a-z]{2} \d{1,2}, \d{4}$/).waitFor();
    const used = await meWithToken(secret);
    expect(await used.json()).toEqual({ data: { me: { email: 'token-owner@example.com' } } });

    // Shown once: a reload lists the token by its prefix only, and its last use (recorded in the background).
    await expect
      .poll(async () => {
        await page.reload();
        return row.getByText('just now').count();
      }, { timeout: 10_000, interval: 200 })
      .toBe(1);
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Revoke CI deploy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke token CI deploy?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await meWithToken(secret)).status).toBe(200);
    await row.getByRole('button', { name: 'Revoke CI deploy' }).click();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText("Token 'CI deploy' was revoked; requests using it are refused.").waitFor();
    await row.getByText(/^Revoked /).waitFor();
    await expect.poll(() => row.getByRole('button', { name: 'Revoke CI deploy' }).count()).toBe(0);
    const refused = await meWithToken(secret);
    expect(refused.status).toBe(401);
    expect(pageErrors).toEqual([]);
  }));

test("a registered model's API docs page shows its predict endpoint in Swagger UI, whose Try it out answers before any version is in production", () =>
  e2e.usePage('api-docs', { width: 1300, height: 900 }, async (page) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signUpInBrowser(page, e2e.origin(), 'docs-reader@example.com');
    const { createPipeline } = await gql(page, 'mutation { createPipeline(name: "Penguins") { id } }');
    await gql(page, 'mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }', { id: createPipeline.id, g: penguinsGraph });
    const { startRun } = await gql(page, 'mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', { id: createPipeline.id });
    await expect.poll(async () => (await gql(page, 'query ($id: ID!) { run(id: $id) { status } }', { id: startRun.id })).run.status, { timeout: 60_000, interval: 100 }).toBe('succeeded');
    const { db, sql } = createDb(e2e.server().databaseUrl, { max: 1 });
    try {
      await registerRunModel({ db, blobs: createLocalBlobStore(path.join(e2e.server().dataDir, 'blobs')) }, { runId: startRun.id, name: 'penguins', stage: 'staging' });
    } finally {
      await sql.end();
    }

    await page.goto(`${e2e.origin()}/models/penguins/api`);
    await page.getByRole('heading', { name: 'penguins prediction API' }).waitFor();
    const reference = page.getByRole('region', { name: 'API reference' });
    await reference.getByText('penguins prediction API', { exact: false }).first().waitFor();
    await reference.getByText('/api/v1/models/penguins/predict').waitFor();
    await reference.getByText('Predict with penguins').click();
    // The example record and the staging version's number are filled in: Execute gets predictions, not a 404 for production.
    await reference.getByRole('button', { name: 'Execute' }).click();
    const status = reference.locator('.live-responses-table tbody .response-col_status');
    await expect.poll(() => status.first().textContent(), { timeout: 30_000 }).toMatch(/^\s*200/);
    await reference.getByText('"probabilities"').first().waitFor();
    expect(pageErrors).toEqual([]);
  }));
