import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { setupE2E, signUpInBrowser } from '../setup/e2e';

const e2e = setupE2E();

test('the four-model example: Compare ranks the models in a table, marks the best and overlays their ROC curves', () =>
  e2e.usePage('compare-models', { width: 1600, height: 1000 }, compareModels));

async function compareModels(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await signUpInBrowser(page, e2e.origin(), 'comparer@example.com');
  await page.getByRole('button', { name: 'Open example: Compare four models' }).click();
  await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);

  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('status', { name: 'Compare status: succeeded' }).waitFor({ timeout: 180_000 });
  await page.getByRole('group', { name: 'Compare node', exact: true }).click();
  const section = page.getByRole('complementary', { name: 'Node settings' }).getByRole('region', { name: 'Model comparison' });

  const table = section.getByRole('table', { name: /^Model comparison: 4 models ranked by ROC AUC \(highest first\) on \d+ test rows$/ });
  await table.waitFor();
  const headers = await table.getByRole('columnheader').allTextContents();
  expect(headers.slice(0, 3)).toEqual(['Rank', 'Model', 'ROC AUC']);
  const models = await table.getByRole('rowheader').allTextContents();
  expect(models.map((m) => m.replace(/Best$/, '')).sort()).toEqual(['Decision tree', 'Gradient-boosted trees', 'Logistic regression', 'Random forest']);
  // The best model's row says so, and its AUC is the highest in the table.
  const best = table.getByRole('row', { name: /, best model$/ }).first();
  await best.waitFor();
  const bestName = (await best.getAttribute('aria-label'))!.replace(/, best model$/, '');
  // Each "Best" badge shows whole, inside its row's name cell: a long name truncates instead.
  const badges = await table.getByText('Best', { exact: true }).all();
  expect(badges.length).toBeGreaterThan(0);
  for (const badge of badges) {
    const [box, cell] = [await badge.boundingBox(), await badge.locator('xpath=ancestor::th[1]').boundingBox()];
    expect(box && cell && box.x >= cell.x && box.x + box.width <= cell.x + cell.width + 0.5).toBe(true);
  }
  // Tied models share rank 1, and a note says which one counts as best.
  const tied = await table.getByRole('row', { name: /, best model$/ }).count();
  const tieNote = section.getByText(/models tie for best and share rank 1; the first of them, in the order they are connected to Compare/);
  expect(await tieNote.count()).toBe(tied > 1 ? 1 : 0);
  // The caption wraps inside the panel rather than running off its edge with the wide table.
  const [caption, panel] = [await section.getByText(/^Model comparison: 4 models ranked by/).boundingBox(), await section.boundingBox()];
  expect(caption!.x + caption!.width).toBeLessThanOrEqual(panel!.x + panel!.width + 0.5);
  const aucs = (await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll('td')[1]!.textContent)))) as number[];
  expect(aucs).toEqual([...aucs].sort((a, b) => b - a));

  const roc = section.getByRole('img', { name: /^ROC curves of 4 models \(macro average of one vs rest\), AUC / });
  const label = (await roc.getAttribute('aria-label'))!;
  for (const name of ['Logistic regression', 'Random forest', 'Gradient-boosted trees', 'Decision tree']) expect(label).toContain(name);
  await section.getByRole('button', { name: /^Expand ROC curves compared/ }).click();
  await page.getByRole('dialog', { name: 'ROC curves compared (macro average of one vs rest)' }).getByRole('img', { name: /^ROC curves of 4 models/ }).waitFor();
  await page.keyboard.press('Escape');

  // The winner goes to the registry from the comparison, its metrics and ROC curve with it.
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  // Escape closed the dialog and cleared the selection too: pick Compare again.
  await page.getByRole('group', { name: 'Compare node', exact: true }).click();
  await settings.getByRole('button', { name: `Register the best model (${bestName})` }).click();
  await settings.getByLabel('Model name').fill('best-penguins');
  await settings.getByRole('button', { name: 'Register', exact: true }).click();
  await settings.getByRole('link', { name: 'best-penguins version 1' }).click();
  await page.getByRole('heading', { name: /best-penguins version 1/ }).waitFor();
  await expect.poll(() => page.getByText(/ · classification of Species/).first().textContent()).toMatch(new RegExp(`^${bestName} · classification`));
  await page.getByRole('region', { name: 'Metrics' }).getByText('Accuracy', { exact: true }).waitFor();
  // Its ROC curve is the macro average of one-vs-rest curves (three species), not a class named after the model.
  const evaluation = page.getByRole('region', { name: 'Evaluation' });
  const rocTitle = 'ROC curve (macro average of one vs rest)';
  await evaluation.getByRole('figure', { name: rocTitle }).getByText(/^Macro average \(AUC [\d.]+\)$/).waitFor();
  expect(await evaluation.getByText(/positive class/).count()).toBe(0);
  await evaluation.getByRole('button', { name: `Show as table (${rocTitle})` }).click();
  expect(await evaluation.getByRole('table', { name: rocTitle }).getByRole('columnheader').allTextContents()).toEqual(['Curve', 'False positive rate', 'True positive rate']);
  // The charts Compare does not keep say so: running the pipeline again would not add them to this version.
  await evaluation
    .getByText('This version was registered without a precision-recall curve (Compare keeps ROC curves only); register it from its Train and Evaluate nodes to keep every chart.')
    .waitFor();
  expect(await evaluation.getByText(/^Run the pipeline/).count()).toBe(0);
  expect(pageErrors).toEqual([]);
}
