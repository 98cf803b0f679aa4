import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectPorts, setupE2E, signUpInBrowser } from '../setup/e2e';

const e2e = setupE2E();

test('selecting a node previews its output on sample rows; editing a Filter expression updates it without saving', () =>
  e2e.usePage('preview-panel', { width: 1400, height: 1000 }, previewFlow));

async function previewFlow(page: Page) {
  await signUpInBrowser(page, e2e.origin(), 'previewer@example.com');
  await page.getByRole('button', { name: 'Open example: Penguin species' }).click();
  await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);
  const panel = page.getByRole('region', { name: 'Preview' });
  await panel.getByText('Select a node to see its output on sample rows').waitFor();

  // The dataset: its columns with type icons, missing counts and sparklines, on the 344 sample rows.
  await page.getByRole('group', { name: 'Dataset node', exact: true }).click();
  const datasetGrid = panel.getByRole('grid', { name: 'Preview of Dataset' });
  await datasetGrid.waitFor();
  const header = datasetGrid.getByRole('columnheader', { name: /^Body Mass \(g\)/ });
  await expect.poll(() => header.textContent()).toMatch(/2 missing/);
  await header.getByRole('img', { name: /^Histogram from 2700 to 6300/ }).waitFor();
  await datasetGrid.getByRole('columnheader', { name: 'Species, category column, none missing' }).waitFor();
  await datasetGrid.getByRole('gridcell', { name: 'Adelie' }).first().waitFor();
  await panel.getByRole('status').filter({ hasText: 'Dataset: 344 rows' }).waitFor();

  // The split: Train and Test tabs with their counts.
  await page.getByRole('group', { name: 'Train/test split node', exact: true }).click();
  const train = panel.getByRole('tab', { name: 'Train (275)' });
  await train.waitFor();
  expect(await train.getAttribute('aria-selected')).toBe('true');
  await panel.getByRole('tab', { name: 'Test (69)' }).click();
  await panel.getByRole('grid', { name: 'Preview of Train/test split, test' }).waitFor();
  await panel.getByRole('status').filter({ hasText: 'Train/test split: 344 rows → 275 train, 69 test' }).waitFor();

  // One-hot: the columns it adds are announced as such, the ones it removes listed.
  await page.getByRole('group', { name: 'One-hot node', exact: true }).click();
  await panel.getByRole('columnheader', { name: /^Island=Biscoe, number column, added by this step/ }).first().waitFor();
  await panel.getByText('Removed: Island, Sex').waitFor();

  // Train: its model is shown after a run.
  await page.getByRole('group', { name: 'Train node', exact: true }).click();
  await panel.getByText("Train is shown after a run, from the last run's result.").waitFor();

  // A Filter wired to the dataset: typing its expression updates the kept count, with nothing saved.
  await page.getByRole('button', { name: 'Add Filter', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['filter-1', 'data']);
  await page.getByRole('group', { name: 'Filter node', exact: true }).click();
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  await settings.getByLabel('Filter by').selectOption('expression');
  const expression = settings.getByLabel('Keep rows where (expression)');
  await expression.fill('`Body Mass (g)` > 4000');
  const kept = panel.getByRole('status').filter({ hasText: /^Filter kept/ });
  await expect.poll(() => kept.textContent()).toMatch(/^Filter kept 1[0-9]{2} of 344 rows$/);
  const first = await kept.textContent();
  await expression.fill('`Body Mass (g)` > 5000');
  await expect.poll(() => kept.textContent()).not.toBe(first);
  expect(await kept.textContent()).toMatch(/^Filter kept [0-9]{2} of 344 rows$/);
  // An expression is an edit like any other: autosaved (the toolbar shows the time only when nothing is left unsaved).
  await page.getByRole('toolbar', { name: 'Pipeline' }).locator('time').waitFor();

  // A failing expression marks the node like a validation problem, and the panel says why.
  await expression.fill('`Body Mass (g)` > 5000 and `Sex` > 2');
  await panel.getByRole('alert').waitFor();

  // The sample picker changes what previews read; the panel collapses with its button.
  await panel.getByLabel('Sample').selectOption({ label: 'Random 1,000 rows' });
  await panel.getByRole('button', { name: 'Hide preview' }).click();
  await panel.getByRole('button', { name: 'Show preview' }).waitFor();
  expect(await panel.getByRole('grid').count()).toBe(0);
}
