import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectPorts, selectNode, setupE2E, waitForNoProblems } from '../setup/e2e';

const e2e = setupE2E();

// The expected count comes from the bundled file itself, not from the engine under test.
const penguins = JSON.parse(readFileSync(new URL('../../engine/samples/penguins.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
const beakOutOfRange = (p: Record<string, unknown>) => typeof p['Beak Length (mm)'] === 'number' && (p['Beak Length (mm)'] < 35 || p['Beak Length (mm)'] > 55);
const outOfRange = penguins.filter(beakOutOfRange).length;
const chinstraps = penguins.filter((p) => p.Species === 'Chinstrap').length;
const kept = penguins.filter((p) => !beakOutOfRange(p) && p.Species !== 'Chinstrap').length;

test('a Validate rule added through the form fails the run with its count and example rows, then drops the failing rows', () =>
  e2e.usePage('validate', { width: 1400, height: 1000 }, validateFlow));

async function validateFlow(page: Page) {
  expect(outOfRange).toBeGreaterThan(0);
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await e2e.openPipeline(page, { email: 'validator@example.com', name: 'Checked penguins' });

  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  await page.getByRole('button', { name: 'Add Validate', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['validate-1', 'data']);
  const settings = await selectNode(page, 'Validate');

  // The rule list: add a rule, pick its kind, then its own fields appear with the upstream columns.
  await settings.getByRole('button', { name: 'Add rule' }).click();
  await settings.getByLabel('Rule 1 kind').selectOption({ label: 'Value range' });
  const rule = settings.getByRole('group', { name: 'Rule 1', exact: true });
  await rule.getByLabel('Column').selectOption('Beak Length (mm)');
  await rule.getByLabel('At least').fill('35');
  await rule.getByLabel('At most').fill('55');
  // A second rule can be added and removed again by its number.
  await settings.getByRole('button', { name: 'Add rule' }).click();
  await settings.getByRole('button', { name: 'Remove rule 2' }).click();
  await expect.poll(() => settings.getByRole('group', { name: /^Rule \d$/ }).count()).toBe(1);
  // The preview runs the rule on the sample rows (all of them here): it says the run would stop and shows
  // the failing rows, and the broken data is not a problem of the pipeline's settings.
  const preview = page.getByRole('region', { name: 'Preview' });
  const notes = preview.getByRole('list', { name: 'Notes on the sample rows' });
  await expect.poll(() => notes.textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^On a run, this step would stop the pipeline here\\. .*${outOfRange} of ${penguins.length} rows fail`));
  await preview.getByRole('tab', { name: `Failures (${outOfRange})` }).click();
  await expect.poll(() => preview.getByRole('grid', { name: /^Preview of Validate, failures/ }).getAttribute('aria-rowcount')).toBe(String(outOfRange + 1));
  await waitForNoProblems(page);

  await runSaved(page);
  await page.getByRole('status', { name: 'Validate status: failed' }).waitFor({ timeout: 90_000 });
  const message = new RegExp(`Rule 1 \\(Beak Length \\(mm\\) between 35 and 55\\): ${outOfRange} of ${penguins.length} rows fail, e\\.g\\. row \\d+ \\(\\d+(\\.\\d+)?\\)`);
  await expect.poll(() => settings.textContent()).toMatch(message);

  // A second rule's kind is switched after its column is picked: the column stays, the values are offered.
  await settings.getByRole('button', { name: 'Add rule' }).click();
  const second = settings.getByRole('group', { name: 'Rule 2', exact: true });
  await second.getByLabel('Column').selectOption('Species');
  await settings.getByLabel('Rule 2 kind').selectOption({ label: 'Allowed values' });
  const allowed = second.getByRole('group', { name: 'Allowed values' });
  await allowed.getByLabel('Adelie').check();
  await allowed.getByLabel('Gentoo').check();
  await settings.getByLabel('When a rule fails').selectOption({ label: 'Drop rows' });
  await runSaved(page);
  await page.getByRole('status', { name: 'Validate status: succeeded' }).waitFor({ timeout: 90_000 });
  await expect.poll(() => settings.textContent()).toContain(`Data: ${kept} rows`);
  await expect.poll(() => settings.textContent()).toContain(
    `Beak Length (mm) between 35 and 55: ${outOfRange} failed · Species in (Adelie, Gentoo): ${chinstraps} failed`,
  );
  expect(consoleErrors).toEqual([]);
}

async function runSaved(page: Page) {
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Run' }).click();
}
