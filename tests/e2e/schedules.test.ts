import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { setupE2E } from '../setup/e2e';

// The server with its worker process, whose scheduler fires the ticks.
const e2e = setupE2E();

// One Dataset node: each scheduled run finishes within the seconds between ticks.
const graph = { nodes: penguinsGraph.nodes.filter((n) => n.id === 'dataset-1'), edges: [] };

test('create a schedule in the editor, see its next five run times as you type, and watch its first run appear', () =>
  e2e.usePage('schedules', { width: 1400, height: 900 }, async (page: Page) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const pipelineId = await e2e.openPipeline(page, { email: 'scheduler@example.com', name: 'Scheduled', graph });

    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Schedules' });
    await panel.getByText('No schedules yet.', { exact: false }).waitFor();
    await panel.getByRole('button', { name: 'New schedule' }).click();

    const form = panel.getByRole('form', { name: 'New schedule' });
    const nextRuns = form.getByRole('list', { name: 'Next five runs' }).getByRole('listitem');
    // The daily preset at 02:00 in the browser's zone, five days in a row.
    const zone = await form.getByLabel('Time zone').inputValue();
    await form.getByText(`Every day at 02:00 ${zone}`).waitFor();
    await expect.poll(() => nextRuns.count()).toBe(5);
    expect((await nextRuns.allTextContents()).every((t) => t.includes('02:00:00'))).toBe(true);

    await form.getByLabel('Repeat').selectOption({ label: 'Custom cron' });
    const cron = form.getByLabel('Cron expression');
    await cron.fill('61 * * * *');
    await form.getByText('not valid: in the minute field (61), 61 is out of range; use 0 to 59.', { exact: false }).waitFor();
    await expect.poll(() => form.getByRole('button', { name: 'Create schedule' }).isDisabled()).toBe(true);

    await cron.fill('*/3 * * * * *');
    // A zone typed key by key is no zone until it is whole: the form says so, and the editor stays up.
    const zoneField = form.getByLabel('Time zone');
    await zoneField.fill('');
    await zoneField.pressSequentially('Mars/Oly');
    await form.getByText("'Mars/Oly' is not a time zone.", { exact: false }).waitFor();
    await expect.poll(() => form.getByRole('button', { name: 'Create schedule' }).isDisabled()).toBe(true);
    await zoneField.fill('Europe/Paris');
    await form.getByText('Every 3 seconds').waitFor();
    await expect.poll(() => nextRuns.count()).toBe(5);
    const seconds = (await form.getByRole('list', { name: 'Next five runs' }).locator('time').evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime')!) / 1000)));
    expect(seconds.slice(1).map((s, i) => s - seconds[i]!)).toEqual([3, 3, 3, 3]);
    await form.getByLabel('If the previous run is still going').selectOption({ label: 'Skip this run' });
    await form.getByRole('button', { name: 'Create schedule' }).click();

    const item = panel.getByRole('listitem', { name: 'Schedule: Every 3 seconds' });
    await item.getByText('Active').waitFor();
    await item.getByText('Next run:', { exact: false }).waitFor();
    // The worker's scheduler fires the next tick; the panel looks again just after it and links the run.
    const openRun = item.getByRole('link', { name: 'Open run' });
    await openRun.waitFor({ timeout: 30_000 });
    const runId = (await openRun.getAttribute('href'))!.split('/').at(-1)!;
    const answer = await page.request.post(`${e2e.origin()}/graphql`, {
      headers: { origin: e2e.origin() },
      data: { query: 'query ($id: ID!) { run(id: $id) { pipelineId status } }', variables: { id: runId } },
    });
    expect(((await answer.json()) as { data: { run: { pipelineId: string } } }).data.run.pipelineId).toBe(pipelineId);

    await item.getByRole('button', { name: 'Pause' }).click();
    await item.getByText('Paused').waitFor();
    await item.getByRole('button', { name: 'Resume' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedules' }).click();
    await page.waitForURL(/\/schedules$/);
    const row = page.getByRole('list', { name: 'Team schedules' }).getByRole('listitem', { name: 'Schedule: Every 3 seconds' });
    await row.getByRole('link', { name: 'Scheduled' }).waitFor();
    await row.getByText('Paused').waitFor();
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete schedule' }).click();
    await page.getByText('No schedules yet').waitFor();
    expect(pageErrors).toEqual([]);
  }));
