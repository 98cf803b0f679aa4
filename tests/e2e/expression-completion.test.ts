import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectPorts, dragAndDrop, selectNode, setupE2E, waitForNoProblems } from '../setup/e2e';

// Nothing here runs a pipeline: the web server alone (no worker process to boot) is enough.
const e2e = setupE2E({ workers: 0 });

test('an expression is completed with upstream columns and functions, and Select columns keeps the order it is given', () =>
  e2e.usePage('expression-completion', { width: 1400, height: 900 }, completionFlow));

async function completionFlow(page: Page) {
  await e2e.openPipeline(page, { email: 'completer@example.com', name: 'Penguins' });
  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  await page.getByRole('button', { name: 'Add Derive column', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['derive-1', 'data']);

  const settings = await selectNode(page, 'Derive column');
  await settings.getByLabel('New column name').fill('long_beak');
  const expression = settings.getByRole('combobox', { name: 'Expression' });
  const completions = settings.getByRole('listbox', { name: 'Completions' });

  // A click on a function puts its name and an opening parenthesis in, with the cursor after it.
  await expression.click();
  await expression.pressSequentially('ro');
  await completions.getByRole('option', { name: /^round\(number\[, digits\]\)\s*Rounds/ }).click();
  await expect.poll(() => expression.inputValue()).toBe('round(');
  await expression.fill('');

  // The sample's column names have spaces, so the accepted one arrives in backticks.
  await expression.pressSequentially('beak');
  const options = completions.getByRole('option');
  await expect.poll(() => options.allTextContents()).toEqual([
    expect.stringMatching(/^123Beak Length \(mm\), number column$/),
    expect.stringMatching(/^123Beak Depth \(mm\), number column$/),
  ]);
  expect(await selectedOption(expression, completions)).toMatch(/^123Beak Length/);
  await expression.press('ArrowDown');
  expect(await selectedOption(expression, completions)).toMatch(/^123Beak Depth/);
  await expression.press('ArrowUp');
  await expression.press('Enter');
  await completions.waitFor({ state: 'hidden' });
  await expect.poll(() => expression.inputValue()).toBe('`Beak Length (mm)`');

  // Half an expression is pointed at under the field; the finished one is accepted.
  await expression.pressSequentially(' >');
  await settings.getByText(/^expression ends too early at 1:21/).waitFor();
  await expect.poll(() => expression.getAttribute('aria-invalid')).toBe('true');
  await expression.pressSequentially(' 4');
  await expect.poll(() => expression.inputValue()).toBe('`Beak Length (mm)` > 4');
  await waitForNoProblems(page);
  await expect.poll(() => expression.getAttribute('aria-invalid')).toBeNull();
  expect(await completions.isHidden()).toBe(true);

  await page.getByRole('button', { name: 'Add Select columns', exact: true }).click();
  await connectPorts(page, ['derive-1', 'data'], ['select-columns-1', 'data']);
  await page.getByRole('group', { name: 'Select columns node', exact: true }).click();
  const keep = settings.getByRole('group', { name: 'Columns to keep' });
  for (const name of ['Species', 'Island', 'long_beak', 'Body Mass (g)']) await keep.getByRole('checkbox', { name, exact: true }).check();
  const order = settings.getByRole('list', { name: 'Columns to keep, in order' });
  expect(await orderOf(order)).toEqual(['Species', 'Island', 'long_beak', 'Body Mass (g)']);

  await order.getByRole('button', { name: 'Move long_beak up' }).click();
  await order.getByRole('button', { name: 'Move Species down' }).click();
  expect(await orderOf(order)).toEqual(['long_beak', 'Species', 'Island', 'Body Mass (g)']);
  // The moved column's button keeps the focus, so the keyboard can go on moving it.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Species down');
  await page.keyboard.press('Enter');
  expect(await orderOf(order)).toEqual(['long_beak', 'Island', 'Species', 'Body Mass (g)']);
  await dragAndDrop(order.getByRole('listitem').filter({ hasText: 'Body Mass (g)' }), order.getByRole('listitem').filter({ hasText: 'Island' }));
  await expect.poll(() => orderOf(order)).toEqual(['long_beak', 'Body Mass (g)', 'Island', 'Species']);

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved', { exact: true }).waitFor();
  await page.reload();
  await page.getByRole('group', { name: 'Select columns node', exact: true }).click();
  expect(await orderOf(order)).toEqual(['long_beak', 'Body Mass (g)', 'Island', 'Species']);
  await page.getByRole('group', { name: 'Derive column node', exact: true }).click();
  await expect.poll(() => expression.inputValue()).toBe('`Beak Length (mm)` > 4');
}

async function selectedOption(combobox: Locator, listbox: Locator) {
  const id = await combobox.getAttribute('aria-activedescendant');
  const selected = listbox.getByRole('option', { selected: true });
  await expect.poll(() => selected.getAttribute('id')).toBe(id);
  return selected.textContent();
}

/** The column names in the order list, read from each item's "Move … up" button. */
async function orderOf(list: Locator) {
  await list.waitFor();
  const labels = await list.getByRole('button', { name: / up$/ }).evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
  return labels.map((l) => l!.replace(/^Move (.*) up$/, '$1'));
}
