import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectPorts, createPipelineInBrowser, setupE2E, signUpInBrowser } from '../setup/e2e';

const e2e = setupE2E();

test('a Derive expression is checked against the upstream columns while it is typed, pointing at the mistake', () =>
  e2e.usePage('derive', { width: 1400, height: 900 }, deriveFlow));

async function deriveFlow(page: Page) {
  await signUpInBrowser(page, e2e.origin(), 'deriver@example.com');
  await createPipelineInBrowser(page, 'Labels');

  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  await page.getByRole('button', { name: 'Add Derive column', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['derive-1', 'data']);
  await page.getByRole('group', { name: 'Derive column node', exact: true }).click();
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  await settings.getByLabel('New column name').fill('heavy');

  // A near miss of a column name is named, with where it is and what was probably meant.
  const expression = settings.getByLabel('Expression');
  await expression.fill("if(`Body Mas (g)` > 4000, 'heavy', 'light')");
  const problems = page.getByRole('region', { name: 'Problems' });
  const toggle = page.getByRole('toolbar', { name: 'Pipeline' }).getByRole('button', { name: /problems?$/ });
  await toggle.waitFor();
  if ((await problems.count()) === 0) await toggle.click();
  await expect.poll(() => problems.textContent()).toMatch(/unknown column 'Body Mas \(g\)' at 1:4.*did you mean 'Body Mass \(g\)'/);

  await expression.fill("if(`Body Mass (g)` > 4000, 'heavy', 'light')");
  await page.getByRole('toolbar', { name: 'Pipeline' }).getByText('No problems').waitFor();
}
