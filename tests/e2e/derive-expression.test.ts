import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectPorts, selectNode, setupE2E, waitForNoProblems } from '../setup/e2e';

// Nothing here runs a pipeline: the web server alone (no worker process to boot) is enough.
const e2e = setupE2E({ workers: 0 });

test('a Derive expression is checked against the upstream columns while it is typed, pointing at the mistake', () =>
  e2e.usePage('derive', { width: 1400, height: 900 }, deriveFlow));

async function deriveFlow(page: Page) {
  await e2e.openPipeline(page, { email: 'deriver@example.com', name: 'Labels' });

  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  await page.getByRole('button', { name: 'Add Derive column', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['derive-1', 'data']);
  const settings = await selectNode(page, 'Derive column');
  await settings.getByLabel('New column name').fill('heavy');

  // A near miss of a column name is named, with where it is and what was probably meant.
  const expression = settings.getByLabel('Expression');
  await expression.fill("if(`Body Mas (g)` > 4000, 'heavy', 'light')");
  const problems = page.getByRole('region', { name: 'Problems' });
  const toggle = page.getByRole('toolbar', { name: 'Pipeline' }).getByRole('button', { name: /problems?$/ });
  await toggle.waitFor();
  if ((await problems.count()) === 0) await toggle.click();
  await expect.poll(() => problems.textContent()).toMatch(/unknown column 'Body Mas \(g\)' at 1:4.*did you mean 'Body Mass \(g\)'/);
  // Under the box, the line with that name underlined, so it is found without counting to column 4.
  await expect.poll(() => settings.locator('mark').textContent()).toBe('`Body Mas (g)`');

  await expression.fill("if(`Body Mass (g)` > 4000, 'heavy', 'light')");
  await waitForNoProblems(page);
  expect(await settings.locator('mark').count()).toBe(0);
}
