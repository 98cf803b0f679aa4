import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { getNodeType } from '../../engine/registry';
import { connectPorts, createPipelineInBrowser, selectNode, setupE2E } from '../setup/e2e';

// Nothing here runs a pipeline: the web server alone (no worker process to boot) is enough.
const e2e = setupE2E({ workers: 0 });

const version = (type: string) => getNodeType(type)!.version;
const penguinsToImpute = {
  nodes: [
    { id: 'dataset-1', type: 'dataset', version: version('dataset'), params: { dataset: { source: 'sample', name: 'penguins' } }, position: { x: 40, y: 80 } },
    { id: 'impute-1', type: 'impute', version: version('impute'), params: { strategy: 'mean', columns: [] }, position: { x: 340, y: 80 } },
  ],
  edges: [{ id: 'dataset-1.data->impute-1.data', source: 'dataset-1', sourcePort: 'data', target: 'impute-1', targetPort: 'data' }],
};

/** Clicks the toolbar's shortcuts button until the overlay opens (a click before hydration does nothing), then closes it. */
async function waitForEditor(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect
    .poll(async () => {
      await page.getByRole('toolbar', { name: 'Pipeline' }).getByRole('button', { name: 'Keyboard shortcuts' }).click();
      return dialog.count();
    })
    .toBe(1);
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
}

const nodeCount = (page: Page) => page.locator('.react-flow__node').count();
const edgeCount = (page: Page) => page.locator('.react-flow__edge').count();
const nodeGroup = (page: Page, label: string) => page.getByRole('group', { name: `${label} node`, exact: true });

test('undo and redo of add, connect, config edit and delete, from keys and toolbar', () =>
  e2e.usePage('editing-undo', { width: 1500, height: 950 }, async (page) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await e2e.openPipeline(page, { email: 'undo@example.com', name: 'Undo me' });
    await waitForEditor(page);
    const toolbar = page.getByRole('toolbar', { name: 'Pipeline' });
    const undo = toolbar.getByRole('button', { name: 'Undo', exact: true });
    const redo = toolbar.getByRole('button', { name: 'Redo', exact: true });
    await expect.poll(() => undo.isDisabled()).toBe(true);
    await expect.poll(() => redo.isDisabled()).toBe(true);

    // Add: Ctrl+Z takes it away, Ctrl+Shift+Z and Ctrl+Y bring it back.
    await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
    await expect.poll(() => nodeCount(page)).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeCount(page)).toBe(0);
    await expect.poll(() => redo.isDisabled()).toBe(false);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => nodeCount(page)).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeCount(page)).toBe(0);
    await page.keyboard.press('Control+y');
    await expect.poll(() => nodeCount(page)).toBe(1);

    // Connect.
    await page.getByRole('button', { name: 'Add Impute', exact: true }).click();
    await connectPorts(page, ['dataset-1', 'data'], ['impute-1', 'data']);
    await expect.poll(() => edgeCount(page)).toBe(1);
    await undo.click();
    await expect.poll(() => edgeCount(page)).toBe(0);
    await redo.click();
    await expect.poll(() => edgeCount(page)).toBe(1);

    // Config edit: a word typed into one field is one entry; undo in the field itself stays the field's own.
    const settings = await selectNode(page, 'Impute');
    await settings.getByLabel('Fill with').selectOption('median');
    const label = settings.getByLabel('Label', { exact: true });
    await label.pressSequentially('Fill gaps');
    await nodeGroup(page, 'Fill gaps').waitFor();
    await undo.click();
    await nodeGroup(page, 'Impute').waitFor();
    await expect.poll(() => label.inputValue()).toBe('');
    await expect.poll(() => settings.getByLabel('Fill with').inputValue()).toBe('median');
    await undo.click();
    await expect.poll(() => settings.getByLabel('Fill with').inputValue()).toBe('mean');
    await redo.click();
    await expect.poll(() => settings.getByLabel('Fill with').inputValue()).toBe('median');

    // Delete with the key: the node and its wire go, and come back together in one undo.
    await nodeGroup(page, 'Dataset').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeCount(page)).toBe(1);
    expect(await edgeCount(page)).toBe(0);
    // Focus moves to the node left, not to the page's body, so the keyboard user stays on the canvas.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.react-flow__node')?.textContent ?? document.activeElement?.tagName)).toContain('Impute');
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeCount(page)).toBe(2);
    await expect.poll(() => edgeCount(page)).toBe(1);

    // A move is one entry however many pixels the drag crossed.
    const box = (await nodeGroup(page, 'Dataset').boundingBox())!;
    await page.mouse.move(box.x + 60, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 160, box.y + 220, { steps: 12 });
    await page.mouse.up();
    await expect.poll(async () => (await nodeGroup(page, 'Dataset').boundingBox())!.y).toBeGreaterThan(box.y + 150);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await nodeGroup(page, 'Dataset').boundingBox())!.y)).toBe(Math.round(box.y));
    expect(pageErrors).toEqual([]);
  }));

test('copy and paste between two pipelines keeps params and wires; duplicate; context-menu delete; notes', () =>
  e2e.usePage('editing-clipboard', { width: 1500, height: 950 }, async (page) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await e2e.openPipeline(page, { email: 'clipboard@example.com', name: 'Source', graph: penguinsToImpute });
    await waitForEditor(page);
    await expect.poll(() => nodeGroup(page, 'Dataset').textContent()).toContain('Palmer penguins');

    // A note is saved with the graph and shown on the node.
    const settings = await selectNode(page, 'Impute');
    await settings.getByLabel('Note', { exact: true }).fill('Mean until we know better');
    await nodeGroup(page, 'Impute').getByRole('img', { name: 'Note: Mean until we know better' }).waitFor();

    // Shift-drag draws a selection box.
    const first = (await nodeGroup(page, 'Dataset').boundingBox())!;
    const last = (await nodeGroup(page, 'Impute').boundingBox())!;
    await page.keyboard.down('Shift');
    await page.mouse.move(first.x - 30, first.y - 30);
    await page.mouse.down();
    await page.mouse.move(last.x + last.width + 30, last.y + last.height + 30, { steps: 10 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(0);

    // Shift-click selects both; Ctrl+C copies them and their wire.
    await nodeGroup(page, 'Dataset').click();
    await nodeGroup(page, 'Impute').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    await page.keyboard.press('Control+c');

    // Duplicate (Ctrl+D) of the selection: fresh ids, same params, wired among themselves.
    await page.keyboard.press('Control+d');
    await expect.poll(() => nodeCount(page)).toBe(4);
    await expect.poll(() => edgeCount(page)).toBe(2);
    await expect.poll(() => page.locator('.react-flow__node[data-id="dataset-2"]').textContent()).toContain('Palmer penguins');

    // Context menu on a node: arrow keys move, Escape closes, Delete removes the selection it acts on.
    // Escape clears the selection; a right-click on a node outside the selection acts on that node alone.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(0);
    await page.locator('.react-flow__node[data-id="impute-2"]').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Node actions' });
    await menu.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Duplicate');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Delete');
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    await page.locator('.react-flow__node[data-id="impute-2"]').click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Delete', exact: true }).click();
    await expect.poll(() => nodeCount(page)).toBe(3);
    await expect.poll(() => page.locator('.react-flow__node[data-id="impute-2"]').count()).toBe(0);

    // The settings panel deletes too.
    await page.locator('.react-flow__node[data-id="dataset-2"]').click();
    await settings.getByRole('button', { name: 'Delete Dataset node' }).click();
    await expect.poll(() => nodeCount(page)).toBe(2);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();

    // Another pipeline: Ctrl+V pastes the copied pair with their wire, params and note.
    await page.getByRole('link', { name: 'Pipelines' }).first().click();
    await createPipelineInBrowser(page, 'Target');
    await waitForEditor(page);
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+v');
    await expect.poll(() => nodeCount(page)).toBe(2);
    await expect.poll(() => edgeCount(page)).toBe(1);
    await expect.poll(() => nodeGroup(page, 'Dataset').textContent()).toContain('Palmer penguins');
    await nodeGroup(page, 'Impute').getByRole('img', { name: 'Note: Mean until we know better' }).waitFor();
    // Paste is one undo entry.
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeCount(page)).toBe(0);
    await page.keyboard.press('Control+y');
    await expect.poll(() => nodeCount(page)).toBe(2);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.reload();
    await nodeGroup(page, 'Impute').getByRole('img', { name: 'Note: Mean until we know better' }).waitFor();
    await expect.poll(() => page.getByRole('toolbar', { name: 'Pipeline' }).getByText('No problems').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  }));

test('the keyboard shortcuts overlay opens with ? and from the toolbar, lists the shortcuts and closes with Escape', () =>
  e2e.usePage('editing-help', { width: 1300, height: 900 }, async (page) => {
    await e2e.openPipeline(page, { email: 'help@example.com', name: 'Help' });
    await waitForEditor(page);
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    const text = await dialog.textContent();
    for (const line of ['Undo', 'Redo', 'Ctrl+Shift+Z', 'Ctrl+Y', 'Duplicate the selected nodes', 'Paste nodes', 'Show or hide the preview', 'Show these shortcuts']) expect(text).toContain(line);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('toolbar', { name: 'Pipeline' }).getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close keyboard shortcuts' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // Typing ? in a field types it; it does not open the overlay.
    await page.getByRole('searchbox').first().fill('');
    await page.getByRole('searchbox').first().press('?');
    await expect.poll(() => dialog.count()).toBe(0);
  }));

test("a pasted node reading a dataset the team cannot read shows the usual problem; the stored copy serves a paste without clipboard text", () =>
  e2e.usePage('editing-foreign-paste', { width: 1300, height: 900 }, async (page) => {
    await e2e.openPipeline(page, { email: 'foreign@example.com', name: 'Foreign' });
    await waitForEditor(page);
    const foreign = {
      nodes: [
        {
          id: 'dataset-9',
          type: 'dataset',
          version: version('dataset'),
          params: { dataset: { source: 'upload', datasetVersionId: '00000000-0000-4000-8000-000000000000' } },
          position: { x: 100, y: 100 },
        },
      ],
      edges: [],
    };
    // Another team's copy, as it would sit in this browser's stored copy, pasted with an empty clipboard.
    await page.evaluate((clip) => {
      localStorage.setItem('pipewright:clipboard', `application/x-pipewright-nodes;v=1\n${JSON.stringify(clip)}`);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true }));
    }, foreign);
    await expect.poll(() => nodeCount(page)).toBe(1);
    await page.locator('.react-flow__node[data-id="dataset-1"]').waitFor();
    await expect.poll(() => page.getByRole('toolbar', { name: 'Pipeline' }).textContent()).toMatch(/1 problem/);
    await page.getByRole('button', { name: '1 problem' }).click();
    await expect.poll(() => page.locator('#pipeline-problems').textContent()).toContain('was not found');
  }));

test('below 1,024 px the palette and the settings lie over a full-width canvas, opened when wanted; the panel toggles sit in a More menu', () =>
  e2e.usePage('editing-narrow', { width: 800, height: 700 }, async (page) => {
    const pipelineId = await e2e.openPipeline(page, { email: 'narrow@example.com', name: 'Narrow window', graph: penguinsToImpute });
    await waitForEditor(page);
    const palette = page.getByRole('complementary', { name: 'Node palette' });
    const settings = page.getByRole('complementary', { name: 'Node settings' });
    const canvas = page.getByRole('region', { name: 'Pipeline canvas' });
    const nodesButton = page.getByRole('toolbar', { name: 'Pipeline' }).getByRole('button', { name: 'Nodes' });
    expect([await palette.isVisible(), await settings.isVisible()]).toEqual([false, false]);
    expect((await canvas.boundingBox())!.width).toBe(800);

    // The palette opens over the canvas; adding a node closes it and shows the new node's settings.
    await nodesButton.click();
    expect(await nodesButton.getAttribute('aria-pressed')).toBe('true');
    await palette.getByRole('button', { name: 'Add One-hot' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await expect.poll(() => palette.isVisible()).toBe(false);
    await settings.getByRole('heading', { name: 'One-hot' }).waitFor();
    await settings.getByRole('button', { name: 'Close node settings' }).click();
    await expect.poll(() => settings.isVisible()).toBe(false);
    expect((await canvas.boundingBox())!.width).toBe(800);
    await selectNode(page, 'Impute');
    await expect.poll(() => settings.isVisible()).toBe(true);
    await settings.getByRole('button', { name: 'Close node settings' }).click();

    // Schedule and History are in the More menu, and open their panels over the canvas too.
    const more = page.getByRole('toolbar', { name: 'Pipeline' }).getByRole('button', { name: 'More' });
    // The button toggles its menu.
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await more.click();
    await expect.poll(() => page.getByRole('menu', { name: 'More' }).count()).toBe(0);
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    await page.getByRole('menu', { name: 'More' }).getByRole('menuitem', { name: 'Schedule' }).click();
    await page.getByRole('complementary', { name: 'Schedules' }).getByRole('button', { name: 'New schedule' }).waitFor();
    await more.click();
    await page.getByRole('menuitem', { name: 'Close schedules' }).click();
    await expect.poll(() => page.getByRole('complementary', { name: 'Schedules' }).count()).toBe(0);
    await more.click();
    await page.getByRole('menuitem', { name: 'History', exact: true }).click();
    await page.getByRole('complementary', { name: 'History' }).waitFor();
    // Saved first: leaving with unsaved changes asks before it goes.
    await page.getByRole('toolbar', { name: 'Pipeline' }).getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await more.click();
    await page.getByRole('menuitem', { name: 'Run history' }).click();
    await page.waitForURL(`${e2e.origin()}/runs?pipeline=${pipelineId}`);
  }));

test('a node shows its whole name beside its badges, the longest built-in one with a problem flagged', () =>
  e2e.usePage('editing-node-names', { width: 1500, height: 950 }, async (page) => {
    await e2e.openPipeline(page, { email: 'names@example.com', name: 'Long names' });
    await waitForEditor(page);
    await page.getByRole('complementary', { name: 'Node palette' }).getByRole('button', { name: 'Add Group-by aggregate' }).click();
    const node = nodeGroup(page, 'Group-by aggregate');
    // Unconnected, it has a problem: the alert icon and the status badge sit on the category's line.
    await node.locator('svg').first().waitFor();
    const title = node.getByTitle('Group-by aggregate', { exact: true });
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }));
