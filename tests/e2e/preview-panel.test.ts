import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectPorts, createPipelineInBrowser, setupE2E, signUpInBrowser } from '../setup/e2e';

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
  await expect.poll(() => train.getAttribute('aria-selected')).toBe('true');
  await panel.getByRole('tab', { name: 'Test (69)' }).click();
  await panel.getByRole('grid', { name: 'Preview of Train/test split, test' }).waitFor();
  await panel.getByRole('status').filter({ hasText: 'Train/test split: 344 rows → 275 train, 69 test' }).waitFor();

  // One-hot: the columns it adds are announced as such, the ones it removes listed.
  await page.getByRole('group', { name: 'One-hot node', exact: true }).click();
  await panel.getByRole('columnheader', { name: /^Island=Biscoe, number column, added by this step/ }).first().waitFor();
  await panel.getByText('Removed: Island, Sex').waitFor();

  // Train: its model is shown after a run; meanwhile the rows coming into it, to pick its target from.
  await page.getByRole('group', { name: 'Train node', exact: true }).click();
  await panel.getByText("Train is shown after a run, from the last run's result.").waitFor();
  await panel.getByText(/^Rows coming into Train, from /).waitFor();
  await panel.getByRole('grid', { name: 'Rows coming into Train, train' }).getByRole('gridcell').first().waitFor();

  // A Filter wired to the dataset: typing its expression updates the kept count, with nothing saved.
  await page.getByRole('button', { name: 'Add Filter', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['filter-1', 'data']);
  await page.getByRole('group', { name: 'Filter node', exact: true }).click();
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  // The form shows only what the chosen way of filtering uses.
  await settings.getByRole('button', { name: '+ Add condition' }).waitFor();
  expect(await settings.getByLabel('Keep rows where (expression)').count()).toBe(0);
  await settings.getByLabel('Filter by').selectOption('expression');
  const expression = settings.getByLabel('Keep rows where (expression)');
  await expression.waitFor();
  expect(await settings.getByRole('button', { name: '+ Add condition' }).count()).toBe(0);
  await expression.fill('`Body Mass (g)` > 4000');
  const kept = panel.getByRole('status').filter({ hasText: /^Filter kept/ });
  await expect.poll(() => kept.textContent()).toMatch(/^Filter kept 1[0-9]{2} of 344 rows$/);
  const first = await kept.textContent();
  await expression.fill('`Body Mass (g)` > 5000');
  await expect.poll(() => kept.textContent()).not.toBe(first);
  await expect.poll(() => kept.textContent()).toMatch(/^Filter kept [0-9]{2} of 344 rows$/);
  // An expression is an edit like any other: autosaved (the toolbar shows the time only when nothing is left unsaved).
  await page.getByRole('toolbar', { name: 'Pipeline' }).locator('time').waitFor();

  // A failing expression marks the node like a validation problem, and the panel says why.
  await expression.fill('`Body Mass (g)` > 5000 and `Sex` > 2');
  await panel.getByRole('alert').waitFor();

  // A step not set up yet shows why, over the rows coming into it; once set up, its own output.
  await page.getByRole('button', { name: 'Add Derive column', exact: true }).click();
  await connectPorts(page, ['dataset-1', 'data'], ['derive-1', 'data']);
  await page.getByRole('group', { name: 'Derive column node', exact: true }).click();
  await panel.getByRole('alert').filter({ hasText: "fill in 'New column name'" }).waitFor();
  await panel.getByText('Rows coming into Derive column, from Dataset:').waitFor();
  const incoming = panel.getByRole('grid', { name: 'Rows coming into Derive column' });
  await incoming.getByRole('gridcell', { name: 'Adelie' }).first().waitFor();
  await settings.getByLabel('New column name').fill('heavy');
  await settings.getByLabel('Expression').fill('`Body Mass (g)` > 4000');
  await panel.getByRole('columnheader', { name: /^heavy, .*added by this step/ }).waitFor();
  await expect.poll(() => incoming.count()).toBe(0);

  // A Join not set up shows each side it is given, on a tab named by the input.
  await page.getByRole('button', { name: 'Add Join tables', exact: true }).click();
  // A node added off screen brings the view to it: wire it once the view has stopped moving.
  const joinInput = page.locator('.react-flow__handle.target[data-nodeid="join-1"][data-handleid="left"]');
  let last = '';
  await expect.poll(async () => {
    const box = JSON.stringify(await joinInput.boundingBox());
    const still = box === last;
    last = box;
    return still;
  }).toBe(true);
  await connectPorts(page, ['dataset-1', 'data'], ['join-1', 'left']);
  await connectPorts(page, ['derive-1', 'data'], ['join-1', 'right']);
  await page.getByRole('group', { name: 'Join tables node', exact: true }).click();
  const sides = panel.getByRole('tablist', { name: 'Inputs of Join tables' });
  await sides.getByRole('tab', { name: 'Left, from Dataset' }).waitFor();
  await sides.getByRole('tab', { name: 'Right, from Derive column' }).click();
  await panel.getByRole('grid', { name: 'Rows coming into Join tables, right input' }).getByRole('columnheader', { name: /^heavy, / }).waitFor();

  // The sample picker changes what previews read; the panel collapses with its button.
  await panel.getByLabel('Sample').selectOption({ label: 'Random 1,000 rows' });
  await panel.getByRole('button', { name: 'Hide preview' }).click();
  await panel.getByRole('button', { name: 'Show preview' }).waitFor();
  await expect.poll(() => panel.getByRole('grid').count()).toBe(0);
}

const CLAIMS_CSV = readFileSync(new URL('../fixtures/claims.csv', import.meta.url));
/** claims.csv's claim ids by row (the first field of each line; it is never quoted). */
const claimIds = CLAIMS_CSV.toString('utf8').trimEnd().split('\n').slice(1).map((line) => line.split(',')[0]!);

test('the preview grid scrolls to its 1,000th row, reading the rows past the first window as they come into view', () =>
  e2e.usePage('preview-scroll', { width: 1400, height: 1000 }, scrollFlow));

async function scrollFlow(page: Page) {
  expect(claimIds.length).toBe(1500);
  await signUpInBrowser(page, e2e.origin(), 'scroller@example.com');
  await createPipelineInBrowser(page, 'Scrolling');
  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  await page.getByRole('group', { name: 'Dataset node', exact: true }).click();
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  await settings.getByLabel('Dataset file').setInputFiles({ name: 'claims.csv', mimeType: 'text/csv', buffer: CLAIMS_CSV });
  const panel = page.getByRole('region', { name: 'Preview' });
  await panel.getByRole('status').filter({ hasText: 'Dataset: 1,000 rows' }).waitFor();
  const grid = panel.getByRole('grid', { name: 'Preview of Dataset' });
  await expectRow(grid, 1, claimIds[0]!);
  await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('1001');

  // The last row of the sample, far past the first window: its cells arrive and are that row's.
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expectRow(grid, 1000, claimIds[999]!);
  await expectRow(grid, 990, claimIds[989]!);
  // Back up to the middle: another window, and rows on both sides of a window's edge.
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight * 0.45 }));
  // The grid renders the rows of a new scroll position on its next frame, later still on a loaded machine.
  await expect.poll(async () => (await visibleRowNumbers(grid)).length).toBeGreaterThan(5);
  const shown = await visibleRowNumbers(grid);
  for (const n of [shown[0]!, shown.at(-1)!]) await expectRow(grid, n, claimIds[n - 1]!);
  await expect.poll(() => grid.getByText('loading').count()).toBe(0);
}

/** Waits until row `n` (1-based, as the row header shows it) holds the claim id expected there. */
async function expectRow(grid: Locator, n: number, claimId: string) {
  const row = grid.locator(`[role="row"][aria-rowindex="${n + 1}"]`);
  await expect.poll(() => row.getByRole('rowheader').textContent()).toBe(String(n));
  await expect.poll(() => row.getByRole('gridcell').first().textContent()).toBe(claimId);
}

/** The row numbers rendered in the grid's scrolled view, in order. */
async function visibleRowNumbers(grid: Locator): Promise<number[]> {
  return grid.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll('[role="row"][aria-rowindex]')]
      .filter((row) => {
        const r = row.getBoundingClientRect();
        return Number(row.getAttribute('aria-rowindex')) > 1 && r.top >= box.top + 52 && r.bottom <= box.bottom;
      })
      .map((row) => Number(row.getAttribute('aria-rowindex')) - 1)
      .sort((a, b) => a - b);
  });
}
