import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { selectNode, setupE2E } from '../setup/e2e';

const e2e = setupE2E();

test('a step that learns from rows before the Split, and a stand-in for no value read as a category, are marked in amber on the canvas, counted in the toolbar and explained in their settings', () =>
  e2e.usePage('leakage-warning', { width: 1400, height: 900 }, leakageWarning));

const node = (id: string, type: string, params: Record<string, unknown>, x: number, version = 1) => ({ id, type, version, params, position: { x, y: 0 } });
const wire = (source: string, target: string) => ({ id: `${source}->${target}`, source, sourcePort: 'data', target, targetPort: 'data' });

async function leakageWarning(page: Page) {
  await e2e.openPipeline(page, {
    email: 'leaks@example.com',
    name: 'Impute first',
    graph: {
      nodes: [
        // Read as the example reads it, so the Dataset node has no warning of its own about the sample's '.'.
        node('dataset-1', 'dataset', { dataset: { source: 'sample', name: 'penguins' }, missingTokens: ['.'], types: [] }, 0, 2),
        node('impute-1', 'impute', {}, 260),
        node('split-1', 'split', {}, 520),
      ],
      edges: [wire('dataset-1', 'impute-1'), wire('impute-1', 'split-1')],
    },
  });
  const toolbar = page.getByRole('toolbar', { name: 'Pipeline' });
  await toolbar.getByText('No problems').waitFor();
  await toolbar.getByText('1 warning', { exact: true }).waitFor();
  const impute = page.getByRole('group', { name: 'Impute node', exact: true });
  await impute.getByRole('img', { name: '1 warning' }).waitFor();
  expect(await page.getByRole('group', { name: 'Train/test split node', exact: true }).getByRole('img', { name: /warning/ }).count()).toBe(0);
  const settings = await selectNode(page, 'Impute');
  await settings.getByText(/^Impute learns from every row before the Split, test rows included/).waitFor();

  // A stand-in for no value left as a category is one too: the Dataset node names it and the setting that fixes it.
  const dataset = await selectNode(page, 'Dataset');
  await dataset.getByLabel('Also read as missing').fill('');
  await toolbar.getByText('2 warnings', { exact: true }).waitFor();
  await page.getByRole('group', { name: 'Dataset node', exact: true }).getByRole('img', { name: '1 warning' }).waitFor();
  await dataset.getByText("Dataset: column 'Sex' holds '.', which usually means no value: add it to 'Also read as missing', or it becomes a category of its own.").waitFor();
}
