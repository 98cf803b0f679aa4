import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { PipelineGraph } from '../../engine/graph-types';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { selectNode, setupE2E } from '../setup/e2e';

const e2e = setupE2E();

async function gql<T = Record<string, any>>(page: Page, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await page.request.post(`${e2e.origin()}/graphql`, { headers: { origin: e2e.origin() }, data: { query, variables } });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

const serverGraph = async (page: Page, id: string) =>
  (await gql<{ pipeline: { graph: PipelineGraph } }>(page, 'query ($id: ID!) { pipeline(id: $id) { graph } }', { id })).pipeline.graph;
const paramsOf = (graph: PipelineGraph, nodeId: string) => graph.nodes.find((n) => n.id === nodeId)!;

/** Waits until this tab's autosave has put its edits on the server. */
const savedHere = (page: Page) => page.getByRole('toolbar', { name: 'Pipeline' }).locator('time').waitFor();

async function setTestShare(page: Page, value: string) {
  const settings = await selectNode(page, 'Train/test split');
  await settings.getByLabel('Test share').fill(value);
}

test('two tabs editing one pipeline get a conflict and merge by node without losing either side', () =>
  e2e.usePage('saving-conflict', { width: 1500, height: 950 }, async (a) => {
    const id = await e2e.openPipeline(a, { email: 'tabs@example.com', name: 'Two tabs', graph: penguinsGraph });
    const b = await a.context().newPage();
    await b.goto(a.url());
    await b.getByRole('group', { name: 'Impute node', exact: true }).waitFor();

    // Different nodes: the second save is refused, and merging keeps both changes.
    await setTestShare(a, '0.3');
    await savedHere(a);
    const impute = await selectNode(b, 'Impute');
    await impute.getByLabel('Label').fill('Fill gaps');
    const dialog = b.getByRole('dialog', { name: 'Conflicting changes' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('region', { name: 'Your changes' }).textContent()).toContain('Re-configured Fill gaps (label)');
    await expect.poll(() => dialog.getByRole('region', { name: 'Their changes' }).textContent()).toContain('Re-configured Train/test split (testFraction)');
    await dialog.getByRole('button', { name: 'Merge by node' }).click();
    await savedHere(b);
    let graph = await serverGraph(b, id);
    expect(paramsOf(graph, 'split-1').params.testFraction).toBe(0.3);
    expect(paramsOf(graph, 'impute-1').label).toBe('Fill gaps');
    // The merged tab shows the other tab's change too.
    expect(await (await selectNode(b, 'Train/test split')).getByLabel('Test share').inputValue()).toBe('0.3');

    // The same node on both sides: the user picks theirs for it, and their own value is kept as a version.
    await setTestShare(b, '0.25');
    await expect.poll(async () => paramsOf(await serverGraph(b, id), 'split-1').params.testFraction, { timeout: 15_000 }).toBe(0.25);
    await setTestShare(a, '0.4');
    const second = a.getByRole('dialog', { name: 'Conflicting changes' });
    await second.waitFor();
    const choice = second.getByRole('radiogroup', { name: 'Keep for Train/test split' });
    await choice.getByLabel(/^Theirs/).check();
    await second.getByRole('button', { name: 'Merge by node' }).click();
    await savedHere(a);
    graph = await serverGraph(a, id);
    expect(paramsOf(graph, 'split-1').params.testFraction).toBe(0.25);
    expect(paramsOf(graph, 'impute-1').label).toBe('Fill gaps');
    const { pipeline } = await gql<{ pipeline: { versions: { kind: string; name: string; graph: PipelineGraph }[] } }>(
      a,
      'query ($id: ID!) { pipeline(id: $id) { versions { kind name graph } } }',
      { id },
    );
    const kept = pipeline.versions.find((v) => v.name.startsWith('My edits, replaced in a conflict'));
    expect(kept && paramsOf(kept.graph, 'split-1').params.testFraction).toBe(0.4);
  }));

test('keep mine replaces the other tab’s draft and keeps it as a version; take theirs loads it', () =>
  e2e.usePage('saving-keep-take', { width: 1500, height: 950 }, async (a) => {
    const id = await e2e.openPipeline(a, { email: 'keep@example.com', name: 'Keep or take', graph: penguinsGraph });
    const b = await a.context().newPage();
    await b.goto(a.url());
    await b.getByRole('group', { name: 'Impute node', exact: true }).waitFor();

    await setTestShare(a, '0.3');
    await savedHere(a);
    await setTestShare(b, '0.35');
    const dialog = b.getByRole('dialog', { name: 'Conflicting changes' });
    await dialog.getByRole('button', { name: 'Keep mine' }).click();
    await savedHere(b);
    expect(paramsOf(await serverGraph(b, id), 'split-1').params.testFraction).toBe(0.35);
    const versions = await gql<{ pipeline: { versions: { name: string; graph: PipelineGraph }[] } }>(a, 'query ($id: ID!) { pipeline(id: $id) { versions { name graph } } }', { id });
    expect(paramsOf(versions.pipeline.versions.find((v) => v.name.startsWith('Other edits'))!.graph, 'split-1').params.testFraction).toBe(0.3);

    // Tab a is behind now: its next edit conflicts, and taking theirs shows b's value.
    const impute = await selectNode(a, 'Impute');
    await impute.getByLabel('Label').fill('Fill');
    const other = a.getByRole('dialog', { name: 'Conflicting changes' });
    await other.getByRole('button', { name: 'Take theirs' }).click();
    await other.waitFor({ state: 'detached' });
    expect(await (await selectNode(a, 'Train/test split')).getByLabel('Test share').inputValue()).toBe('0.35');
    await a.getByRole('group', { name: 'Impute node', exact: true }).waitFor();
  }));

test('leaving with unsaved edits asks first; offline edits are kept and saved', () =>
  e2e.usePage('saving-guard', { width: 1500, height: 950 }, async (page) => {
    const id = await e2e.openPipeline(page, { email: 'guard@example.com', name: 'Guarded', graph: penguinsGraph });
    await page.context().setOffline(true);
    await setTestShare(page, '0.33');
    await page.getByRole('toolbar', { name: 'Pipeline' }).getByText(/^Offline: edits kept/).waitFor();

    await page.getByRole('link', { name: 'Pipelines' }).first().click();
    const guard = page.getByRole('dialog', { name: 'Unsaved changes' });
    await guard.getByRole('button', { name: 'Stay' }).click();
    await guard.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/pipelines/${id}`);

    // Saving while offline fails and says so; once back online, the same choice saves and leaves.
    await page.getByRole('link', { name: 'Pipelines' }).first().click();
    await guard.getByRole('button', { name: 'Save and leave' }).click();
    await guard.getByText(/^Saving did not work/).waitFor();
    await page.context().setOffline(false);
    await guard.getByRole('button', { name: 'Save and leave' }).click();
    await page.waitForURL(/\/pipelines$/);
    expect(paramsOf(await serverGraph(page, id), 'split-1').params.testFraction).toBe(0.33);
  }));

test('History: a checkpoint’s diff shows an added node and a changed parameter, and restoring brings the old graph back', () =>
  e2e.usePage('saving-history', { width: 1500, height: 950 }, async (page) => {
    const id = await e2e.openPipeline(page, { email: 'history@example.com', name: 'Versions', graph: penguinsGraph });
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const history = page.getByRole('complementary', { name: 'History' });
    const checkpoint = async (name: string) => {
      await history.getByRole('button', { name: 'Save version…' }).click();
      await history.getByLabel('Version name').fill(name);
      await history.getByRole('button', { name: 'Save version', exact: true }).click();
    };
    await checkpoint(' ');
    await history.getByRole('alert').filter({ hasText: 'Give the version a name.' }).waitFor();
    await history.getByLabel('Version name').fill('Baseline');
    await history.getByRole('button', { name: 'Save version', exact: true }).click();
    await history.getByRole('button', { name: 'Version 1: Checkpoint “Baseline”' }).waitFor();

    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.getByRole('button', { name: 'Add Impute', exact: true }).click();
    await setTestShare(page, '0.3');
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await checkpoint('Tuned');
    const tuned = history.getByRole('button', { name: 'Version 2: Checkpoint “Tuned”' });
    await expect.poll(() => tuned.textContent()).toContain('1 added · 1 re-configured');
    await tuned.click();

    const diff = page.getByRole('region', { name: 'Version diff' });
    await diff.getByRole('group', { name: 'Impute: added' }).waitFor();
    const split = diff.getByRole('group', { name: 'Train/test split: changed' });
    await expect.poll(() => split.getByRole('list', { name: 'Changed settings of Train/test split' }).textContent()).toBe('testFraction: 0.2 → 0.3');
    await expect.poll(() => diff.getByRole('group', { name: 'Impute: unchanged' }).count()).toBe(1);

    await history.getByRole('button', { name: 'Version 1: Checkpoint “Baseline”' }).click();
    await history.getByRole('button', { name: 'Restore version 1' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(7);
    // Restoring is an edit, autosaved as a new revision.
    await expect.poll(async () => (await serverGraph(page, id)).nodes.length, { timeout: 15_000 }).toBe(7);
    expect(paramsOf(await serverGraph(page, id), 'split-1').params.testFraction).toBe(0.2);
  }));

test('rename the pipeline in the toolbar: Enter saves, Escape cancels, bad names say why', () =>
  e2e.usePage('saving-rename', { width: 1300, height: 900 }, async (page) => {
    await e2e.openPipeline(page, { email: 'rename@example.com', name: 'Draft name' });
    const toolbar = page.getByRole('toolbar', { name: 'Pipeline' });
    await toolbar.getByRole('button', { name: 'Rename pipeline Draft name' }).click();
    const input = toolbar.getByLabel('Pipeline name');
    await input.fill('   ');
    await input.press('Enter');
    await toolbar.getByRole('alert').filter({ hasText: 'Give the pipeline a name.' }).waitFor();
    await input.fill('x'.repeat(121));
    await input.press('Enter');
    await toolbar.getByRole('alert').filter({ hasText: 'Pipeline names are limited to 120 characters.' }).waitFor();
    await input.fill('Never kept');
    await input.press('Escape');
    await toolbar.getByRole('button', { name: 'Rename pipeline Draft name' }).click();
    await input.fill('Penguin species');
    await input.press('Enter');
    await toolbar.getByRole('button', { name: 'Rename pipeline Penguin species' }).waitFor();
    await page.reload();
    await toolbar.getByRole('button', { name: 'Rename pipeline Penguin species' }).waitFor();
  }));
