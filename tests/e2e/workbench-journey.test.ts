import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { connectPorts, createPipelineInBrowser, dragAndDrop, setupE2E, signUpInBrowser, waitForNoProblems } from '../setup/e2e';

const e2e = setupE2E();

/** The fixtures as plain records, read by a parser of the test's own so expected figures do not come from the engine. */
function readCsv(name: string): Record<string, string>[] {
  const text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') cell += text[++i];
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''));
    else cell += ch;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

const claims = readCsv('claims.csv');
const policies = readCsv('policies.csv');
const knownPolicies = new Set(policies.map((p) => p.policy_id));
const MAX_AMOUNT = 100_000;
const damaged = claims.filter((c) => c.damage !== '').length;
const missingDamage = claims.length - damaged;
// vehicle_age marks some gaps with '?', which only the Dataset node's missing-value markers turn into gaps.
const ageGaps = (rows: Record<string, string>[]) => rows.filter((c) => c.vehicle_age === '' || c.vehicle_age === '?').length;
const count = (n: number) => n.toLocaleString('en-US');

/** What the join and the range rule leave of some claims: previews read the first 1,000, runs all of them. */
function throughJoinAndRule(rows: Record<string, string>[]) {
  const joined = rows.filter((c) => knownPolicies.has(c.policy_id!));
  const tooLarge = joined.filter((c) => Number(c.claim_amount) > MAX_AMOUNT);
  return { rows: rows.length, joined: joined.length, tooLarge, kept: joined.length - tooLarge.length };
}
const sample = throughJoinAndRule(claims.slice(0, 1000));
const full = throughJoinAndRule(claims);

test('a new user uploads a messy file, profiles it, derives a label, joins, validates, previews every step and runs it on the full data', () =>
  e2e.usePage('workbench-journey', { width: 1600, height: 1100 }, journey));

async function journey(page: Page) {
  // The file is longer than the preview's sample, and each side of that line holds an outlier.
  expect([claims.length, sample.tooLarge.length, full.tooLarge.length, sample.joined < sample.rows, claims.some((c) => c.vehicle_age === '?')]).toEqual([1500, 1, 2, true, true]);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await signUpInBrowser(page, e2e.origin(), 'journey@example.com');
  await uploadAndProfile(page);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
  await createPipelineInBrowser(page, 'Claims with damage');
  await placeNodes(page);
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  const panel = page.getByRole('region', { name: 'Preview' });

  await pickDataset(page, settings, panel);
  await deriveLabel(page, settings, panel);
  await joinPolicies(page, settings, panel);
  await validateAmounts(page, settings, panel);
  await encodeAndTrain(page, settings, panel);
  await runOnFullData(page);
  expect(pageErrors).toEqual([]);
}

/** Datasets page: the upload's row count, its profile (missing share, histogram, top values) and first rows. */
async function uploadAndProfile(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await page.waitForURL(/\/datasets$/);
  await page.getByLabel('Dataset file').setInputFiles(fixtureFile('claims.csv'));
  await page.getByRole('status').getByText(/Uploaded claims v1: 1,500 rows, 8 columns/).waitFor();
  await page.getByRole('row', { name: /claims/ }).getByRole('link', { name: 'claims' }).click();
  await page.waitForURL(/\/datasets\/[0-9a-f-]{36}$/);
  const damage = page.getByRole('row', { name: /^damage/ });
  await expect.poll(() => damage.getByRole('cell').nth(1).textContent()).toContain(`(${count(missingDamage)})`);
  const amount = page.getByRole('row', { name: /^claim_amount/ });
  await amount.getByRole('img', { name: 'Histogram of claim_amount' }).waitFor();
  await expect.poll(() => page.getByRole('row', { name: /^claim_date/ }).getByRole('cell').first().textContent()).toBe('date');
  await page.getByRole('list', { name: 'Top values of region' }).getByText('North', { exact: true }).waitFor();
  const grid = page.getByRole('grid', { name: /^First \d+ of 1,500 rows$/ });
  await grid.getByRole('gridcell', { name: claims[0]!.claim_id }).waitFor();
}

const fixtureFile = (name: string) => ({ name, mimeType: 'text/csv', buffer: readFileSync(new URL(`../fixtures/${name}`, import.meta.url)) });

/** Four rows of nodes dragged from the palette and wired, all but Impute: Train will ask for it. */
async function placeNodes(page: Page) {
  const canvas = page.locator('.react-flow__pane');
  // Dropped nodes are centred on the pointer. Four to a row: the settings beside the canvas leave it about
  // 1,000 px wide, and the first row stays below the overview map in the top right corner.
  const layout: [string, number, number][] = [
    ['Dataset', 125, 160],
    ['Derive column', 365, 160],
    ['Join tables', 605, 160],
    ['Validate', 845, 160],
    ['Dataset', 125, 300],
    ['Text clean-up', 365, 300],
    ['Date parts', 605, 300],
    ['Train/test split', 845, 300],
    ['Impute', 125, 440],
    ['One-hot', 365, 440],
    ['Rescale', 605, 440],
    ['Train', 845, 440],
    ['Evaluate', 125, 580],
  ];
  for (const [title, x, y] of layout) {
    await dragAndDrop(page.getByRole('button', { name: `Add ${title}`, exact: true }), canvas, { x, y });
  }
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(layout.length);
  const wires: [[string, string], [string, string]][] = [
    [['dataset-1', 'data'], ['derive-1', 'data']],
    [['derive-1', 'data'], ['join-1', 'left']],
    [['dataset-2', 'data'], ['join-1', 'right']],
    [['join-1', 'data'], ['validate-1', 'data']],
    [['validate-1', 'data'], ['text-clean-1', 'data']],
    [['text-clean-1', 'data'], ['date-parts-1', 'data']],
    [['date-parts-1', 'data'], ['split-1', 'data']],
    [['split-1', 'data'], ['one-hot-1', 'data']],
    [['one-hot-1', 'data'], ['standard-scale-1', 'data']],
    [['standard-scale-1', 'data'], ['train-1', 'data']],
    [['train-1', 'model'], ['evaluate-1', 'model']],
    [['standard-scale-1', 'data'], ['evaluate-1', 'data']],
  ];
  for (const [from, to] of wires) await connectPorts(page, from, to);
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(wires.length);
}

/** Whether a cell is inside the grid's scrolled view, not just rendered in its overscan. */
async function isInView(grid: Locator, cell: Locator): Promise<boolean> {
  if ((await cell.count()) === 0) return false;
  const [outer, inner] = await Promise.all([grid.boundingBox(), cell.boundingBox()]);
  return Boolean(outer && inner && inner.x >= outer.x && inner.x + inner.width <= outer.x + outer.width);
}

const node = (page: Page, title: string) => page.getByRole('group', { name: `${title} node`, exact: true });

async function pickDataset(page: Page, settings: Locator, panel: Locator) {
  await node(page, 'Dataset').first().click();
  await settings.getByLabel('Dataset', { exact: true }).selectOption({ label: 'claims v1' });
  const grid = panel.getByRole('grid', { name: 'Preview of Dataset' });
  await grid.getByRole('gridcell', { name: claims[0]!.claim_id }).waitFor();
  await panel.getByRole('status').filter({ hasText: 'Dataset: 1,000 rows' }).waitFor();
  // '?' makes vehicle_age text, until the node is told it means missing.
  await grid.getByRole('columnheader', { name: /^vehicle_age, category column/ }).waitFor();
  await settings.getByLabel('Also read as missing').fill('?');
  await grid.getByRole('columnheader', { name: `vehicle_age, number column, ${count(ageGaps(claims.slice(0, 1000)))} missing` }).waitFor();
}

/** The label column appears in the preview, and its values follow the expression as it is retyped. */
async function deriveLabel(page: Page, settings: Locator, panel: Locator) {
  await node(page, 'Derive column').click();
  await settings.getByLabel('New column name').fill('has_damage');
  const expression = settings.getByLabel('Expression');
  // Typed as a person types: the half-written expression is refused on the way, the finished one previewed.
  await expression.pressSequentially("if(damage is null, 'none', 'some')", { delay: 20 });
  const grid = panel.getByRole('grid', { name: 'Preview of Derive column' });
  await expect.poll(() => isInView(grid, grid.getByRole('columnheader', { name: /^has_damage, category column, added by this step/ }))).toBe(true);
  await grid.getByRole('gridcell', { name: 'some' }).first().waitFor();
  // Half an edit fails to parse: the message shows, and the last grid that worked stays in view, dimmed.
  await expression.pressSequentially(' +', { delay: 20 });
  await expect.poll(() => panel.getByRole('alert').textContent()).toMatch(/expression ends too early at 1:\d+/);
  await panel.getByRole('grid', { name: 'Preview of Derive column, before this change' }).getByRole('gridcell', { name: 'some' }).first().waitFor();
  await panel.getByText('Showing the rows from before this change, until it previews again.').waitFor();
  await expression.fill("if(damage is null, 'no', 'yes')");
  await grid.getByRole('gridcell', { name: 'yes' }).first().waitFor();
  await expect.poll(() => grid.getByRole('gridcell', { name: 'some' }).count()).toBe(0);
}

/** The second file is uploaded from the Dataset node itself; the join's output carries the policy columns. */
async function joinPolicies(page: Page, settings: Locator, panel: Locator) {
  await node(page, 'Dataset').nth(1).click();
  await settings.getByLabel('Dataset file').setInputFiles(fixtureFile('policies.csv'));
  await settings.getByText('40 rows · 3 columns').waitFor();
  // Each Dataset node names the file it reads, so the two can be told apart on the canvas.
  await node(page, 'Dataset').filter({ hasText: 'policies v1' }).waitFor();
  await node(page, 'Dataset').filter({ hasText: 'claims v1' }).waitFor();
  await node(page, 'Join tables').click();
  await settings.getByRole('button', { name: 'Add key pair' }).click();
  await settings.getByRole('group', { name: 'Key pair 1' }).getByLabel('Left column').selectOption('policy_id');
  const grid = panel.getByRole('grid', { name: 'Preview of Join tables' });
  await expect.poll(() => isInView(grid, grid.getByRole('columnheader', { name: /^deductible, number column, added by this step/ }))).toBe(true);
  await panel.getByRole('status').filter({ hasText: `Join tables kept ${count(sample.joined)} of ${count(sample.rows)} rows` }).waitFor();
}

/** A range rule from the form; its failing rows show in the Failures tab, and Drop rows keeps the others. */
async function validateAmounts(page: Page, settings: Locator, panel: Locator) {
  await node(page, 'Validate').click();
  await settings.getByRole('button', { name: 'Add rule' }).click();
  await settings.getByLabel('Rule 1 kind').selectOption({ label: 'Value range' });
  const rule = settings.getByRole('group', { name: 'Rule 1', exact: true });
  await rule.getByLabel('Column').selectOption('claim_amount');
  await rule.getByLabel('At least').fill('0');
  await rule.getByLabel('At most').fill(String(MAX_AMOUNT));
  await settings.getByLabel('When a rule fails').selectOption({ label: 'Drop rows' });
  await panel.getByRole('status').filter({ hasText: `Validate kept ${count(sample.kept)} of ${count(sample.joined)} rows` }).waitFor();
  await panel.getByRole('tab', { name: `Failures (${sample.tooLarge.length})` }).click();
  const failures = panel.getByRole('grid', { name: /^Preview of Validate, failures/ });
  for (const claim of sample.tooLarge) await failures.getByRole('gridcell', { name: claim.claim_id }).waitFor();
}

async function encodeAndTrain(page: Page, settings: Locator, panel: Locator) {
  // The claim date becomes numbers a model can take; the date column itself goes.
  await node(page, 'Date parts').click();
  await settings.getByLabel('Date column', { exact: true }).selectOption('claim_date');
  const dated = panel.getByRole('grid', { name: 'Preview of Date parts' });
  await expect.poll(() => isInView(dated, dated.getByRole('columnheader', { name: /^claim_date_month, number column, added by this step/ }))).toBe(true);
  await panel.getByText('Removed: claim_date').waitFor();

  await node(page, 'Text clean-up').click();
  await settings.getByRole('group', { name: 'Columns' }).getByLabel('region').check();
  await settings.getByLabel('Letter case').selectOption('lower');
  const cleaned = panel.getByRole('grid', { name: 'Preview of Text clean-up' });
  await cleaned.getByRole('columnheader', { name: /^region, category column, changed by this step/ }).waitFor();

  await node(page, 'One-hot').click();
  const columns = settings.getByRole('group', { name: 'Columns' });
  await columns.getByLabel('region').check();
  await columns.getByLabel('plan').check();
  const encoded = panel.getByRole('grid', { name: 'Preview of One-hot, train' });
  await expect.poll(() => isInView(encoded, encoded.getByRole('columnheader', { name: /^region=north, number column, added by this step/ }))).toBe(true);

  // Train is checked on the sample before any run: vehicle_age has gaps the model cannot take.
  await node(page, 'Train').click();
  await settings.getByLabel('Target column').selectOption('has_damage');
  await expect.poll(() => settings.textContent()).toMatch(/Train: feature 'vehicle_age' has \d+ missing values?\. Add an Impute step before this one\./);
  await panel.getByRole('alert').filter({ hasText: "feature 'vehicle_age'" }).waitFor();
  await connectPorts(page, ['split-1', 'data'], ['impute-1', 'data']);
  await connectPorts(page, ['impute-1', 'data'], ['one-hot-1', 'data']);
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(13);
  await panel.getByText("Train is shown after a run, from the last run's result.").waitFor();
  await waitForNoProblems(page);
}

async function runOnFullData(page: Page) {
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('status', { name: 'Evaluate status: succeeded' }).waitFor({ timeout: 60_000 });
  // The run read every row, not the preview's sample: its counts are the whole files', outliers past row 1,000 too.
  await node(page, 'Join tables').getByText(`${count(full.joined)} rows`, { exact: true }).waitFor();
  await node(page, 'Validate').getByText(`${count(full.kept)} rows`, { exact: true }).waitFor();
  // The model beats always answering the most common label.
  const accuracyText = await node(page, 'Evaluate').getByText(/Accuracy/).textContent();
  expect(Number(/Accuracy\s*([\d.]+)/.exec(accuracyText ?? '')?.[1])).toBeGreaterThan(Math.max(damaged, claims.length - damaged) / claims.length);
}
