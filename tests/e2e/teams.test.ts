import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createPipelineInBrowser, setupE2E, signUpInBrowser } from '../setup/e2e';

const e2e = setupE2E();
const VIEWPORT = { width: 1400, height: 900 };

/** Picks a team from the header's team menu; the page reloads in that team. */
async function switchTo(page: Page, current: string, target: string) {
  await page.getByRole('button', { name: `Team: ${current}` }).click();
  await page.getByRole('group', { name: 'Your teams' }).getByRole('button', { name: `Switch to ${target}` }).click();
  await page.getByRole('button', { name: `Team: ${target}` }).waitFor();
}

test('an owner invites a teammate who accepts in another browser, sees the shared pipeline, and switches teams from the header', () =>
  e2e.usePage('teams-owner', VIEWPORT, async (ada) => {
    const errors: string[] = [];
    ada.on('pageerror', (e) => errors.push(e.message));
    await signUpInBrowser(ada, e2e.origin(), 'ada-team@example.com');
    await ada.goto(`${e2e.origin()}/settings/team`);
    await ada.getByLabel('New team name').fill('Penguin lab');
    await ada.getByRole('button', { name: 'Create team' }).click();
    await ada.getByRole('heading', { name: 'Penguin lab', level: 1 }).waitFor();
    await ada.getByRole('button', { name: 'Team: Penguin lab' }).waitFor();

    await ada.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
    await createPipelineInBrowser(ada, 'Shared species model');

    await ada.goto(`${e2e.origin()}/settings/team`);
    await ada.getByLabel('E-mail address').fill('bob-team@example.com');
    await ada.getByLabel('Role', { exact: true }).selectOption('editor');
    await ada.getByRole('button', { name: 'Send invitation' }).click();
    const link = await ada.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]{43}$/);
    await ada.getByRole('region', { name: 'Pending invitations' }).getByText('bob-team@example.com').waitFor();

    await e2e.usePage('teams-invitee', VIEWPORT, async (bob) => {
      bob.on('pageerror', (e) => errors.push(e.message));
      await signUpInBrowser(bob, e2e.origin(), 'bob-team@example.com');
      await bob.goto(link);
      await bob.getByRole('heading', { name: 'Join Penguin lab' }).waitFor();
      await bob.getByRole('button', { name: 'Accept invitation' }).click();
      await bob.waitForURL(/\/pipelines$/);
      await bob.getByRole('button', { name: 'Team: Penguin lab' }).waitFor();
      await bob.getByRole('list', { name: 'Pipelines' }).getByRole('link', { name: 'Shared species model' }).waitFor();

      // His own team has none of the lab's pipelines; switching back brings them again.
      await switchTo(bob, 'Penguin lab', "bob-team's team");
      expect(bob.url()).toMatch(/\/pipelines$/);
      await bob.getByRole('link', { name: 'Shared species model' }).waitFor({ state: 'detached' });
      // Below the md width the team menu shrinks to an icon with the same name, and still switches.
      await bob.setViewportSize({ width: 640, height: 900 });
      await switchTo(bob, "bob-team's team", 'Penguin lab');
      await bob.getByRole('link', { name: 'Shared species model' }).waitFor();
      await bob.setViewportSize(VIEWPORT);

      // The used link cannot be used again.
      await bob.goto(link);
      await bob.getByText('This invitation was already used.', { exact: false }).waitFor();
    });

    // The owner sees the new member and makes them a viewer; the audit log tells the story.
    await ada.goto(`${e2e.origin()}/settings/team`);
    const role = ada.getByRole('combobox', { name: 'Role of bob-team' });
    await expect.poll(() => role.inputValue()).toBe('editor');
    await role.selectOption('viewer');
    await ada.getByText('Role changed from editor to viewer.').waitFor();
    await ada.getByRole('link', { name: 'Audit log' }).click();
    await ada.getByRole('heading', { name: 'Audit log' }).waitFor();
    const actions = await ada.getByRole('table').locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions).toEqual(['member.role_changed', 'member.joined', 'member.invited', 'team.created']);

    // Copy the pipeline into Ada's personal team, then find it there.
    await ada.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
    await ada.getByRole('button', { name: 'Move or copy Shared species model' }).click();
    const dialog = ada.getByRole('dialog', { name: 'Move or copy Shared species model' });
    await dialog.getByLabel('To team').selectOption({ label: "ada-team's team" });
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await dialog.getByText("Copied to ada-team's team as “Shared species model”.").waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await switchTo(ada, 'Penguin lab', "ada-team's team");
    await ada.getByRole('list', { name: 'Pipelines' }).getByRole('link', { name: 'Shared species model' }).waitFor();
    expect(errors).toEqual([]);
  }));
