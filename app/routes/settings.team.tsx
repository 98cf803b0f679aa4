import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { SettingsPage } from '~/components/settings-page';
import { Button } from '~/components/ui/button';
import { Section } from '~/components/ui/section';
import { CreateTeamForm, InviteForm, InviteLink, InvitesTable, MembersTable } from '~/team-settings/team-sections';
import { handleTeamAction, loadTeamPage } from '~/team-page.server';

export const meta: MetaFunction = () => [{ title: 'Team · Pipewright' }];
export const loader = loadTeamPage;
export const action = handleTeamAction;

export default function TeamSettings() {
  const { viewer, members, invites, teams } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <SettingsPage
      viewer={viewer}
      title={viewer.teamName}
      intro={
        <>
          You are {viewer.role === 'admin' || viewer.role === 'owner' || viewer.role === 'editor' ? 'an' : 'a'} {viewer.role} of this team
          {viewer.personal ? ' (your personal team)' : ''}. Owners and admins manage members and invitations; editors change pipelines,
          datasets and runs; viewers read. {viewer.admin ? <Link to="/settings/audit" className="text-indigo-600 hover:underline">Audit log</Link> : null}
        </>
      }
    >
      {result && 'error' in result && result.error ? <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{result.error}</p> : null}
      {result && 'notice' in result && result.notice ? <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{result.notice}</p> : null}
      {result && 'invite' in result && result.invite ? <InviteLink invite={result.invite} /> : null}

      <MembersTable members={members} viewer={viewer} busy={busy} />
      {viewer.admin ? (
        <>
          <InviteForm busy={busy} />
          <InvitesTable invites={invites} busy={busy} />
        </>
      ) : null}

      <Section title="Your teams">
        <p className="text-sm text-slate-500">You belong to {teams.length === 1 ? 'one team' : `${teams.length} teams`}: {teams.map((t) => `${t.name} (${t.role})`).join(', ')}. Switch from the team name in the header.</p>
        <CreateTeamForm busy={busy} />
        {viewer.personal ? (
          <p className="text-xs text-slate-500">Your personal team stays yours; you can invite people to it, but not leave it.</p>
        ) : (
          <Form method="post" className="flex items-center gap-3">
            <input type="hidden" name="intent" value="leave" />
            <Button type="submit" variant="danger" disabled={busy}>Leave team</Button>
            <span className="text-xs text-slate-500">The last owner must make someone else owner first.</span>
          </Form>
        )}
      </Section>
    </SettingsPage>
  );
}
