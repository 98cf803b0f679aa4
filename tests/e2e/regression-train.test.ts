import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { selectNode, setupE2E } from '../setup/e2e';

const e2e = setupE2E();

test('a regression pipeline on the cars sample: Train refuses a target Impute filled, infers the task and offers its models; a random forest shows R² and the residual plot', () =>
  e2e.usePage('regression-train', { width: 1600, height: 1000 }, regressionTrain));

const node = (id: string, type: string, params: Record<string, unknown>, x: number, y: number, version = 1) => ({ id, type, version, params, position: { x, y } });
const wire = (source: string, target: string) => ({ id: `${source}->${target}`, source, sourcePort: 'data', target, targetPort: 'data' });

const carsGraph = {
  nodes: [
    node('dataset-1', 'dataset', { dataset: { source: 'sample', name: 'cars' } }, 0, 0, 2),
    node('split-1', 'split', { testFraction: 0.2, seed: 7 }, 260, 0),
    node('impute-1', 'impute', { strategy: 'mean' }, 520, 0),
    node('one-hot-1', 'one-hot', { columns: ['Origin'] }, 780, 0),
    node('train-1', 'train', { target: 'Miles_per_Gallon' }, 260, 200, 2),
    node('evaluate-1', 'evaluate', {}, 520, 200, 2),
  ],
  edges: [
    wire('dataset-1', 'split-1'),
    wire('split-1', 'impute-1'),
    wire('impute-1', 'one-hot-1'),
    wire('one-hot-1', 'train-1'),
    { id: 'train-1->evaluate-1', source: 'train-1', sourcePort: 'model', target: 'evaluate-1', targetPort: 'model' },
    wire('one-hot-1', 'evaluate-1'),
  ],
};

async function regressionTrain(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await e2e.openPipeline(page, { email: 'cars@example.com', name: 'Cars MPG', graph: carsGraph });

  // The node and its form say what Train will do with a number target, and offer only models for it.
  const trainNode = page.getByRole('group', { name: 'Train node', exact: true });
  await expect.poll(() => trainNode.textContent()).toContain('Linear regression · regression');
  const settings = await selectNode(page, 'Train');
  await settings.getByText("Task: regression (from 'Miles_per_Gallon').").waitFor();
  // Class weights mean something for classes only: a number target hides them, a category target shows them.
  expect(await settings.getByLabel('Class weights').count()).toBe(0);
  await settings.getByLabel('Target column').selectOption('Name');
  await settings.getByLabel('Class weights').waitFor();
  await settings.getByLabel('Target column').selectOption('Miles_per_Gallon');
  await settings.getByText("Task: regression (from 'Miles_per_Gallon').").waitFor();
  expect(await settings.getByLabel('Class weights').count()).toBe(0);
  // The features offered are every column but the target.
  const features = settings.getByRole('group', { name: 'Features' });
  await features.getByRole('checkbox', { name: 'Weight_in_lbs' }).waitFor();
  expect(await features.getByRole('checkbox', { name: 'Miles_per_Gallon' }).count()).toBe(0);
  const modelType = settings.getByLabel('Model type');
  await expect.poll(() => modelType.locator('option').allTextContents()).toEqual([
    'Default (Linear regression)',
    'Linear regression',
    'Decision tree',
    'Random forest',
    'Gradient-boosted trees',
    'Neural network',
  ]);

  // Impute fills every column, the target too: its 8 cars without an MPG would be learned with a made-up one.
  // The preview says so on Train, and leaving the target out in Impute clears it.
  const panel = page.getByRole('region', { name: 'Preview' });
  await panel.getByRole('alert').filter({ hasText: /Impute filled the \d+ rows? it learned from that had no 'Miles_per_Gallon'/ }).waitFor();
  await selectNode(page, 'Impute');
  await settings.getByRole('group', { name: 'Leave out' }).getByRole('checkbox', { name: 'Miles_per_Gallon' }).check();
  await selectNode(page, 'Train');
  await panel.getByText('Rows coming into Train, from One-hot:').waitFor();
  expect(await panel.getByRole('alert').count()).toBe(0);

  const unparsable: string[] = [];
  page.on('console', (m) => void (m.text().includes('cannot be parsed') && unparsable.push(m.text())));
  await modelType.selectOption({ label: 'Random forest' });
  await settings.getByRole('group', { name: 'Random forest settings' }).waitFor();
  // Unset settings (Maximum depth is null: grow until pure) show empty, not the text "null".
  expect(await settings.getByLabel('Maximum depth').inputValue()).toBe('');
  expect(unparsable).toEqual([]);
  await expect.poll(() => trainNode.textContent()).toContain('Random forest · regression');

  // The forest is grown in worker threads of the pg-boss worker; Evaluate scores it on the test rows.
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('status', { name: 'Evaluate status: succeeded' }).waitFor({ timeout: 180_000 });
  await page.getByRole('group', { name: 'Evaluate node', exact: true }).click();
  const charts = settings.getByRole('region', { name: 'Evaluation charts' });
  const scatter = await charts.getByRole('img', { name: /^Predicted vs actual, \d+ sampled test rows, R² / }).getAttribute('aria-label');
  expect(Number(/R² (-?[\d.]+)/.exec(scatter ?? '')![1])).toBeGreaterThan(0.6);
  await charts.getByRole('img', { name: /^Residual plot, \d+ sampled test rows/ }).waitFor();
  // The forest's learning curve: out-of-bag loss and R² per number of trees.
  await charts.getByRole('img', { name: /^Learning curve: out-of-bag loss from [\d.]+ to [\d.]+ over 100 steps/ }).waitFor();
  const score = await charts.getByRole('img', { name: /^R² by step: out-of-bag -?[\d.]+ to -?[\d.]+ over 100 steps/ }).getAttribute('aria-label');
  expect(Number(/to (-?[\d.]+) over/.exec(score ?? '')![1])).toBeGreaterThan(0.6);

  // Train's result panel shows the model card: family, hyperparameters, the data and run it came from.
  await trainNode.click();
  const card = settings.getByRole('region', { name: 'Model card' });
  await card.waitFor();
  const cardText = await card.textContent();
  expect(cardText).toContain('Random forest · regression');
  expect(cardText).toMatch(/Trees\s*100/);
  expect(cardText).toMatch(/Trained on sample cars \(sha256 [0-9a-f]{8}…\)/);
  expect(cardText).toContain('Run #1 of Cars MPG (pipeline version 1)');
  expect(pageErrors).toEqual([]);
}
