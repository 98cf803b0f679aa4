import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { datasets, datasetVersions } from '../../db/schema';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { postDataset } from '../setup/multipart-upload';
import { startUntilSeen } from '../setup/team-feed';
import { openSocket, waitFor } from '../setup/ws-client';

// No worker: runs stay queued, so subscriptions to them stay open until the server closes them.
let harness: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

const TEAM = 'mutation ($name: String!) { createTeam(name: $name) { id name role active } }';
const INVITE = 'mutation ($email: String!, $role: String!) { inviteMember(email: $email, role: $role) { link emailed invite { id email role status } } }';
const ACCEPT = 'mutation ($token: String!) { acceptInvite(token: $token) { id name role active } }';
const ROLE = 'mutation ($userId: ID!, $role: String!) { changeMemberRole(userId: $userId, role: $role) { userId role } }';
const ME = '{ me { id team { id name role } } }';
const CSV = new TextEncoder().encode('a,b\n1,x\n2,y\n');

const codeOf = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

/** Ada owns a fresh shared team and invites `email` as `role`; the invitee accepts the one-time link. */
async function teamWith(tag: string, role: string) {
  const ada = await harness.signUp(`ada-${tag}@example.com`);
  const team = (await ada.gql(TEAM, { name: `Lab ${tag}` })).data!.createTeam;
  const bob = await harness.signUp(`bob-${tag}@example.com`);
  const invited = await ada.gql(INVITE, { email: `Bob-${tag}@Example.com`, role });
  expect(invited.errors).toBeUndefined();
  const token = invited.data!.inviteMember.link.split('/invite/')[1];
  const accepted = await bob.gql(ACCEPT, { token });
  expect(accepted.data!.acceptInvite).toMatchObject({ id: team.id, role, active: true });
  const bobId = (await bob.gql(ME)).data!.me.id as string;
  return { ada, bob, bobId, teamId: team.id as string, token: token as string };
}

async function savedPipeline(client: UserClient, name: string) {
  const id = (await client.gql('mutation ($name: String!) { createPipeline(name: $name) { id } }', { name })).data!.createPipeline.id as string;
  const saved = await client.gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id, graph: penguinsGraph });
  expect(saved.errors).toBeUndefined();
  return id;
}

describe('teams, invitations and roles', () => {
  test('an invitation is used once, by the invited address only, and switches the new member to the team', async () => {
    const { ada, bob, teamId, token } = await teamWith('once', 'editor');
    expect((await bob.gql(ME)).data!.me.team).toMatchObject({ id: teamId, name: 'Lab once', role: 'editor' });
    const again = await bob.gql(ACCEPT, { token });
    expect(again.errors?.[0]?.message).toMatch(/already used/);

    const eve = await harness.signUp('eve-once@example.com');
    const forOther = (await ada.gql(INVITE, { email: 'carol-once@example.com', role: 'viewer' })).data!.inviteMember.link.split('/invite/')[1];
    const wrong = await eve.gql(ACCEPT, { token: forOther });
    expect(codeOf(wrong)).toBe('FORBIDDEN');
    expect(wrong.errors![0]!.message).toMatch(/for carol-once@example.com, but you are signed in as eve-once@example.com/);
    expect((await eve.gql(ME)).data!.me.team.id).not.toBe(teamId);

    const bad = await ada.gql(INVITE, { email: 'not-an-address', role: 'editor' });
    expect(bad.errors![0]!.message).toMatch(/"not-an-address" is not an e-mail address/);
    const owner = await ada.gql(INVITE, { email: 'x@example.com', role: 'owner' });
    expect(codeOf(owner)).toBe('BAD_USER_INPUT');
    expect(codeOf(await bob.gql(INVITE, { email: 'y@example.com', role: 'viewer' }))).toBe('FORBIDDEN');
  });

  test('role changes take effect at once on GraphQL and uploads; a viewer cannot save, run or upload', async () => {
    const { ada, bob, bobId } = await teamWith('roles', 'editor');
    const pipelineId = await savedPipeline(bob, 'Shared');
    expect((await postDataset(harness.origin, bob.cookie, { fileName: 'editor.csv', bytes: CSV })).status).toBe(200);

    expect((await ada.gql(ROLE, { userId: bobId, role: 'viewer' })).data!.changeMemberRole.role).toBe('viewer');
    const save = await bob.gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id: pipelineId, graph: penguinsGraph });
    expect(codeOf(save)).toBe('FORBIDDEN');
    expect(codeOf(await bob.gql('mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', { id: pipelineId }))).toBe('FORBIDDEN');
    const upload = await postDataset(harness.origin, bob.cookie, { fileName: 'viewer.csv', bytes: CSV });
    expect(upload.status).toBe(403);
    expect(upload.body.error).toMatch(/read-only/);
    // Still a reader: the shared pipeline is listed.
    expect((await bob.gql('{ pipelines { id } }')).data!.pipelines.map((p: { id: string }) => p.id)).toContain(pipelineId);

    expect((await ada.gql(ROLE, { userId: bobId, role: 'editor' })).data!.changeMemberRole.role).toBe('editor');
    expect((await bob.gql('mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', { id: pipelineId })).errors).toBeUndefined();
    // Admin-only reads and owner rules.
    expect(codeOf(await bob.gql('{ auditEvents { more } }'))).toBe('FORBIDDEN');
    expect(codeOf(await bob.gql('{ teamInvites { id } }'))).toBe('FORBIDDEN');
    const adaId = (await ada.gql(ME)).data!.me.id;
    const demoteLast = await ada.gql(ROLE, { userId: adaId, role: 'admin' });
    expect(codeOf(demoteLast)).toBe('CONFLICT');
    expect(demoteLast.errors![0]!.message).toMatch(/only owner.*transfer ownership/);
    expect(codeOf(await ada.gql('mutation { leaveTeam }'))).toBe('CONFLICT');
    expect((await ada.gql(ROLE, { userId: bobId, role: 'admin' })).data!.changeMemberRole.role).toBe('admin');
    expect(codeOf(await bob.gql(ROLE, { userId: adaId, role: 'viewer' }))).toBe('FORBIDDEN');
    expect(codeOf(await bob.gql('mutation ($u: ID!) { removeMember(userId: $u) }', { u: adaId }))).toBe('CONFLICT');
  });

  test('a removed member’s open subscriptions stop within a second, and the team is gone from their GraphQL', async () => {
    const { ada, bob, bobId, teamId } = await teamWith('removed', 'viewer');
    const pipelineId = await savedPipeline(ada, 'Live');
    const runId = (await ada.gql('mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', { id: pipelineId })).data!.startRun.id;
    const socket = openSocket(harness.origin, bob.cookie);
    try {
      const events = socket.start('subscription ($runId: ID!) { runEvents(runId: $runId) { seq type } }', { runId });
      expect((await events.first).data).toBeDefined();
      const updates = socket.start<{ teamRunUpdates: { id: string } }>('subscription { teamRunUpdates { id status } }');
      // The team hub delivers to Bob while he is a member: Ada's next runs reach him.
      await startUntilSeen(async () => (await ada.gql('mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }', { id: pipelineId })).data!.startRun.id, updates);

      expect((await ada.gql('mutation ($u: ID!) { removeMember(userId: $u) }', { u: bobId })).data!.removeMember).toBe(true);
      // Counted from the removal's commit (its answer): the request's own time on a loaded machine is not the guarantee.
      const removedAt = Date.now();
      const closed = await waitFor(() => socket.closed, 1000, 'the removed member’s socket to close');
      expect(closed.at - removedAt).toBeLessThan(1000);
      expect(closed.code).toBe(4403);
      const seen = updates.results.length;
      await ada.gql('mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }', { id: pipelineId });
      expect(updates.results.length).toBe(seen);
    } finally {
      await socket.dispose();
    }
    // Bob falls back to his personal team; Ada's pipeline and run are not found from there.
    expect((await bob.gql(ME)).data!.me.team.id).not.toBe(teamId);
    expect((await bob.gql('query ($id: ID!) { run(id: $id) { id } }', { id: runId })).data!.run).toBeNull();
    expect(codeOf(await bob.gql('mutation ($t: ID!) { switchTeam(teamId: $t) { id } }', { t: teamId }))).toBe('NOT_FOUND');
  });

  test('open subscriptions re-check membership per event, even when the socket-closing notice is lost', async () => {
    const { ada, bob, bobId, teamId } = await teamWith('guard', 'viewer');
    const pipelineId = await savedPipeline(ada, 'Guarded');
    // Simulates a lost notice: the trigger that closes a removed member's sockets stays silent.
    await harness.services.sql`alter table memberships disable trigger memberships_ended_notify`;
    const socket = openSocket(harness.origin, bob.cookie);
    try {
      const updates = socket.start<{ teamRunUpdates: { id: string } }>('subscription { teamRunUpdates { id } }');
      await startUntilSeen(async () => (await ada.gql('mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }', { id: pipelineId })).data!.startRun.id, updates);
      await harness.services.sql`delete from memberships where team_id = ${teamId} and user_id = ${bobId}`;
      let ended: { errors?: { message: string }[] } | undefined;
      void updates.done.then((d) => (ended = d));
      const deadline = Date.now() + 3000;
      // Each new run is an event; the first one after the re-check interval ends the subscription.
      while (!ended && Date.now() < deadline) {
        await ada.gql('mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }', { id: pipelineId });
        await Promise.race([updates.done, new Promise((r) => setTimeout(r, 100))]);
      }
      expect(ended?.errors?.[0]?.message).toBe('You are no longer a member of this team, so its updates stopped.');
      expect(socket.closed).toBeUndefined();
    } finally {
      await harness.services.sql`alter table memberships enable trigger memberships_ended_notify`;
      await socket.dispose();
    }
  });

  test('switching teams changes what every operation works on', async () => {
    const { bob, teamId } = await teamWith('switch', 'editor');
    const shared = await savedPipeline(bob, 'In the lab');
    const teams = (await bob.gql('{ myTeams { id name role personal active } }')).data!.myTeams as { id: string; personal: boolean; active: boolean }[];
    expect(teams).toHaveLength(2);
    const personal = teams.find((t) => t.personal)!;
    expect(teams.find((t) => t.id === teamId)!.active).toBe(true);
    expect((await bob.gql('mutation ($t: ID!) { switchTeam(teamId: $t) { id active } }', { t: personal.id })).data!.switchTeam.active).toBe(true);
    expect((await bob.gql('{ pipelines { id } }')).data!.pipelines.map((p: { id: string }) => p.id)).not.toContain(shared);
    await bob.gql('mutation ($t: ID!) { switchTeam(teamId: $t) { id } }', { t: teamId });
    expect((await bob.gql('{ pipelines { id } }')).data!.pipelines.map((p: { id: string }) => p.id)).toContain(shared);
  });

  test('pipelines and datasets move and copy between teams where the user edits, audited in both', async () => {
    const { ada, teamId: labId } = await teamWith('move', 'viewer');
    const personalId = ((await ada.gql('{ myTeams { id personal } }')).data!.myTeams as { id: string; personal: boolean }[]).find((t) => t.personal)!.id;
    const uploaded = await postDataset(harness.origin, ada.cookie, { fileName: 'points.csv', bytes: CSV });
    expect(uploaded.status).toBe(200);
    const datasetId = (await harness.services.db.query.datasets.findFirst({ where: (d, { eq }) => eq(d.name, 'points') }))!.id;
    const pipelineId = await savedPipeline(ada, 'Mover');

    const copy = await ada.gql('mutation ($id: ID!, $to: ID!) { transferPipeline(id: $id, toTeamId: $to, mode: copy) { id name teamName } }', { id: pipelineId, to: personalId });
    expect(copy.data!.transferPipeline).toMatchObject({ name: 'Mover' });
    expect(copy.data!.transferPipeline.id).not.toBe(pipelineId);
    const moved = await ada.gql('mutation ($id: ID!, $to: ID!) { transferPipeline(id: $id, toTeamId: $to, mode: move) { id name } }', { id: pipelineId, to: personalId });
    expect(moved.data!.transferPipeline).toEqual({ id: pipelineId, name: 'Mover (2)' });
    expect((await ada.gql('{ pipelines { id } }')).data!.pipelines).toEqual([]);

    const dataset = await ada.gql('mutation ($id: ID!, $to: ID!) { transferDataset(id: $id, toTeamId: $to, mode: copy) { id name } }', { id: datasetId, to: personalId });
    expect(dataset.data!.transferDataset.name).toBe('points');
    const clash = await ada.gql('mutation ($id: ID!, $to: ID!) { transferDataset(id: $id, toTeamId: $to, mode: move) { id } }', { id: datasetId, to: personalId });
    expect(codeOf(clash)).toBe('CONFLICT');
    expect(clash.errors![0]!.message).toMatch(/already has a dataset named "points"/);

    // Bob is a viewer in the lab: nothing can be moved into or out of it by him.
    const bobTeams = await harness.signUp('nobody-move@example.com');
    expect(codeOf(await bobTeams.gql('mutation ($id: ID!, $to: ID!) { transferPipeline(id: $id, toTeamId: $to, mode: copy) { id } }', { id: pipelineId, to: labId }))).toBe('NOT_FOUND');

    const log = (await ada.gql('{ auditEvents(action: "pipeline") { events { action targetName actorEmail } more } }')).data!.auditEvents;
    expect(log.events.map((e: { action: string }) => e.action)).toEqual(['pipeline.moved', 'pipeline.copied']);
    expect(log.events[0].actorEmail).toBe('ada-move@example.com');
    await ada.gql('mutation ($t: ID!) { switchTeam(teamId: $t) { id } }', { t: personalId });
    const there = (await ada.gql('{ auditEvents { events { action } } }')).data!.auditEvents.events.map((e: { action: string }) => e.action);
    expect(there).toEqual(expect.arrayContaining(['pipeline.moved', 'pipeline.copied', 'dataset.copied']));
  });

  test('a pipeline copied with its datasets reads copies of its uploads in the other team, reused on a second copy, audited', async () => {
    const ada = await harness.signUp('ada-copy-data@example.com');
    const personalId = (await ada.gql(ME)).data!.me.team.id as string;
    const lab = (await ada.gql(TEAM, { name: 'Data lab' })).data!.createTeam;
    // The lab already has a different "points": the copy must not read it, nor clash with it.
    const theirs = await postDataset(harness.origin, ada.cookie, { fileName: 'points.csv', bytes: new TextEncoder().encode('a,b\n9,z\n') });
    expect(theirs.status).toBe(200);
    await ada.gql('mutation ($t: ID!) { switchTeam(teamId: $t) { id } }', { t: personalId });
    const ours = await postDataset(harness.origin, ada.cookie, { fileName: 'points.csv', bytes: CSV });
    expect(ours.status).toBe(200);
    const source = ours.body.ref as { source: 'upload'; datasetVersionId: string };
    const graph = { nodes: [{ id: 'points', type: 'dataset', version: 1, params: { dataset: source }, position: { x: 0, y: 0 } }], edges: [] };
    const pipelineId = (await ada.gql('mutation { createPipeline(name: "Reads points") { id } }')).data!.createPipeline.id as string;
    expect((await ada.gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id: pipelineId, graph })).errors).toBeUndefined();

    const COPY = 'mutation ($id: ID!, $to: ID!) { transferPipeline(id: $id, toTeamId: $to, mode: copy, copyDatasets: true) { id name readsDatasets copiedDatasets } }';
    const first = (await ada.gql(COPY, { id: pipelineId, to: lab.id })).data!.transferPipeline;
    expect(first).toMatchObject({ name: 'Reads points', readsDatasets: [], copiedDatasets: ['points (2)'] });
    const second = (await ada.gql(COPY, { id: pipelineId, to: lab.id })).data!.transferPipeline;
    expect(second).toMatchObject({ name: 'Reads points (2)', readsDatasets: [], copiedDatasets: ['points (2)'] });
    const moveWith = await ada.gql('mutation ($id: ID!, $to: ID!) { transferPipeline(id: $id, toTeamId: $to, mode: move, copyDatasets: true) { id } }', { id: pipelineId, to: lab.id });
    expect(codeOf(moveWith)).toBe('BAD_USER_INPUT');

    // The source keeps reading its own upload; both copies read one copy of it (same blob) in the lab.
    const { db } = harness.services;
    const refOf = async (id: string) => (await db.query.pipelines.findFirst({ where: (p, { eq }) => eq(p.id, id) }))!.graph.nodes[0]!.params.dataset as typeof source;
    expect(await refOf(pipelineId)).toEqual(source);
    const copied = await refOf(first.id);
    expect(await refOf(second.id)).toEqual(copied);
    expect(copied.datasetVersionId).not.toBe(source.datasetVersionId);
    const versionOf = async (id: string) => {
      const [row] = await db
        .select({ blobKey: datasetVersions.blobKey, sha256: datasetVersions.sha256, version: datasetVersions.version, teamId: datasets.teamId, name: datasets.name })
        .from(datasetVersions)
        .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
        .where(eq(datasetVersions.id, id));
      return row!;
    };
    const [was, now] = await Promise.all([versionOf(source.datasetVersionId), versionOf(copied.datasetVersionId)]);
    expect(now).toEqual({ blobKey: was.blobKey, sha256: was.sha256, version: was.version, teamId: lab.id, name: 'points (2)' });

    // Readable in the lab, as the copies' Dataset nodes need; the source's version is not.
    await ada.gql('mutation ($t: ID!) { switchTeam(teamId: $t) { id } }', { t: lab.id });
    const schemaOf = (ref: unknown) => ada.gql('query ($ref: JSON!) { datasetSchema(ref: $ref) }', { ref });
    expect((await schemaOf(copied)).data!.datasetSchema.columns.map((c: { name: string }) => c.name)).toEqual(['a', 'b']);
    expect((await schemaOf(source)).data?.datasetSchema ?? null).toBeNull();
    const labLog = (await ada.gql('{ auditEvents { events { action targetName } } }')).data!.auditEvents.events;
    expect(labLog.filter((e: { action: string }) => e.action.endsWith('.copied'))).toEqual([
      { action: 'pipeline.copied', targetName: 'Reads points (2)' },
      { action: 'pipeline.copied', targetName: 'Reads points' },
      { action: 'dataset.copied', targetName: 'points (2)' },
    ]);
  });

  test('membership, role, invitation and deletion changes land in the audit log, filterable and paged', async () => {
    const { ada, bobId } = await teamWith('audit', 'editor');
    await ada.gql(ROLE, { userId: bobId, role: 'viewer' });
    const invite = (await ada.gql(INVITE, { email: 'dan-audit@example.com', role: 'viewer' })).data!.inviteMember.invite.id;
    expect((await ada.gql('mutation ($id: ID!) { revokeInvite(id: $id) }', { id: invite })).data!.revokeInvite).toBe(true);
    const pipelineId = await savedPipeline(ada, 'Doomed');
    await ada.gql('mutation ($id: ID!) { deletePipeline(id: $id) }', { id: pipelineId });
    await ada.gql('mutation ($u: ID!) { removeMember(userId: $u) }', { u: bobId });

    const all = (await ada.gql('{ auditEvents { events { id action targetName details actorEmail } more } }')).data!.auditEvents;
    expect(all.events.map((e: { action: string }) => e.action)).toEqual([
      'member.removed',
      'pipeline.deleted',
      'invite.revoked',
      'member.invited',
      'member.role_changed',
      'member.joined',
      'member.invited',
      'team.created',
    ]);
    expect(all.events[4]).toMatchObject({ targetName: 'bob-audit@example.com', details: { from: 'editor', to: 'viewer' }, actorEmail: 'ada-audit@example.com' });
    expect(all.events[1].targetName).toBe('Doomed');
    const members = (await ada.gql('{ auditEvents(action: "member") { events { action } } }')).data!.auditEvents.events;
    expect(members).toHaveLength(5);
    const page1 = (await ada.gql('{ auditEvents(limit: 3) { events { id } more } }')).data!.auditEvents;
    expect(page1.more).toBe(true);
    const page2 = (await ada.gql('query ($b: Int!) { auditEvents(limit: 3, beforeId: $b) { events { id } more } }', { b: page1.events[2].id })).data!.auditEvents;
    expect(page2.events.map((e: { id: number }) => e.id)).toEqual(all.events.slice(3, 6).map((e: { id: number }) => e.id));
  });

  test('the team pages render for their roles, and the invitation page explains a link for another address', async () => {
    const { ada, bob, bobId } = await teamWith('pages', 'editor');
    const page = (client: UserClient, path: string) => fetch(`${harness.origin}${path}`, { headers: { cookie: client.cookie } });
    const settings = await page(ada, '/settings/team');
    expect(settings.status).toBe(200);
    const html = await settings.text();
    expect(html).toContain('bob-pages@example.com');
    expect(html).toContain('aria-label="Role of bob-pages"');
    expect(html).toContain('Pending invitations');
    const audit = await page(ada, '/settings/audit?action=member');
    expect(audit.status).toBe(200);
    expect(await audit.text()).toContain('member.joined');
    expect((await page(bob, '/settings/audit')).status).toBe(403);
    const asEditor = await (await page(bob, '/settings/team')).text();
    expect(asEditor).not.toContain('Pending invitations');
    expect(asEditor).not.toContain('aria-label="Role of');

    const link = (await ada.gql(INVITE, { email: 'zed-pages@example.com', role: 'viewer' })).data!.inviteMember.link as string;
    const invitation = await (await page(bob, link)).text();
    expect(invitation).toContain('This invitation is for zed-pages@example.com, but you are signed in as bob-pages@example.com.');
    expect(invitation).not.toContain('Accept invitation');
    expect((await fetch(`${harness.origin}/invite/not-a-token`)).status).toBe(404);
    expect(bobId).toBeTruthy();
  });
});
