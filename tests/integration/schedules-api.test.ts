import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scheduleTicks } from '../../db/schema';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';

// No worker and no scheduler: these tests only read and write schedules.
let harness: Awaited<ReturnType<typeof startHarness>>;
let owner: UserClient;
let stranger: UserClient;
let pipelineId: string;

const FIELDS = 'id pipelineId pipelineName cron timezone description enabled pausedReason versionMode pinnedVersionId pinnedVersion overlap missedTicks nextRunAt lastTick { outcome }';
const CREATE = `mutation ($p: ID!, $i: ScheduleInput!) { createSchedule(pipelineId: $p, input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $i: ScheduleInput!) { updateSchedule(id: $id, input: $i) { ${FIELDS} } }`;
const LIST = `query ($p: ID) { schedules(pipelineId: $p) { ${FIELDS} } }`;

beforeAll(async () => {
  harness = await startHarness();
  owner = await harness.signUp('planner@example.com');
  stranger = await harness.signUp('stranger@example.com');
  const created = await owner.gql(`mutation { createPipeline(name: "Nightly") { id } }`);
  pipelineId = created.data!.createPipeline.id;
  await owner.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: penguinsGraph });
});
afterAll(() => harness?.stop());

describe('schedules API', () => {
  test('previews the next five run times of a cron in a time zone', async () => {
    const res = await owner.gql<{ scheduleNextRuns: string[] }>(`{ scheduleNextRuns(cron: "0 2 * * *", timezone: "Europe/Paris") }`);
    expect(res.errors).toBeUndefined();
    const times = res.data!.scheduleNextRuns.map((t) => new Date(t));
    expect(times).toHaveLength(5);
    for (const t of times) expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(t)).toBe('02:00');
    expect(times[0]!.getTime()).toBeGreaterThan(Date.now());
    expect(times[1]!.getTime() - times[0]!.getTime()).toBeGreaterThanOrEqual(23 * 3600_000);
  });

  test.each([
    ['0 25 * * *', 'UTC', 'cron', /not valid: in the hour field \(25\), 25 is out of range; use 0 to 23\. Fields are/],
    ['*/0 * * * *', 'UTC', 'cron', /not valid: in the minute field \(\*\/0\), a step of 0 never repeats; use \*\/1/],
    ['0 0 31 2 *', 'UTC', 'cron', /not valid: day 31 never comes in February, so this schedule would never run/],
    ['0 2 * *', 'UTC', 'cron', /5 fields .* has 4/],
    ['0 2 * * *', 'Paris', 'timezone', /"Paris" is not a time zone .* Europe\/Paris/],
  ])('refuses cron %j in %j, naming the %s argument', async (cron, timezone, argument, message) => {
    const preview = await owner.gql(`query ($c: String!, $t: String!) { scheduleNextRuns(cron: $c, timezone: $t) }`, { c: cron, t: timezone });
    expect(preview.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument } });
    expect(preview.errors![0]!.message).toMatch(message);
    const create = await owner.gql(CREATE, { p: pipelineId, i: { cron, timezone } });
    expect(create.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument } });
  });

  test('creates, lists, edits, pauses, resumes and deletes a schedule', async () => {
    const created = await owner.gql(CREATE, { p: pipelineId, i: { cron: ' 0  2 * * * ', timezone: 'Europe/Paris', overlap: 'queue', missedTicks: 'run_once' } });
    expect(created.errors).toBeUndefined();
    const s = created.data!.createSchedule;
    expect(s).toMatchObject({ pipelineId, pipelineName: 'Nightly', cron: '0 2 * * *', description: 'Every day at 02:00 Europe/Paris', enabled: true, versionMode: 'latest', overlap: 'queue', missedTicks: 'run_once', lastTick: null });
    expect(new Date(s.nextRunAt).getTime()).toBeGreaterThan(Date.now());

    const listed = await owner.gql(LIST, { p: pipelineId });
    expect(listed.data!.schedules.map((x: { id: string }) => x.id)).toContain(s.id);

    const edited = await owner.gql(UPDATE, { id: s.id, i: { cron: '30 9 * * 1', timezone: 'America/New_York' } });
    expect(edited.data!.updateSchedule).toMatchObject({ description: 'Every Monday at 09:30 America/New_York', overlap: 'skip', missedTicks: 'skip' });

    const paused = await owner.gql(`mutation ($id: ID!) { pauseSchedule(id: $id) { enabled nextRunAt pausedReason } }`, { id: s.id });
    expect(paused.data!.pauseSchedule).toEqual({ enabled: false, nextRunAt: null, pausedReason: null });
    const resumed = await owner.gql(`mutation ($id: ID!) { resumeSchedule(id: $id) { enabled nextRunAt } }`, { id: s.id });
    expect(resumed.data!.resumeSchedule.enabled).toBe(true);
    expect(new Date(resumed.data!.resumeSchedule.nextRunAt).getUTCDay()).toBe(1);

    const deleted = await owner.gql(`mutation ($id: ID!) { deleteSchedule(id: $id) }`, { id: s.id });
    expect(deleted.data!.deleteSchedule).toBe(true);
    expect((await owner.gql(LIST, { p: pipelineId })).data!.schedules.map((x: { id: string }) => x.id)).not.toContain(s.id);
  });

  test('pins a version of the same pipeline only', async () => {
    const versioned = await owner.gql(`mutation ($p: ID!) { createCheckpoint(pipelineId: $p, name: "Good one") { id version } }`, { p: pipelineId });
    const version = versioned.data!.createCheckpoint;
    const pinned = await owner.gql(CREATE, { p: pipelineId, i: { cron: '0 3 * * *', timezone: 'UTC', versionMode: 'pinned', pinnedVersionId: version.id } });
    expect(pinned.data!.createSchedule).toMatchObject({ versionMode: 'pinned', pinnedVersionId: version.id, pinnedVersion: version.version });

    const missing = await owner.gql(CREATE, { p: pipelineId, i: { cron: '0 3 * * *', timezone: 'UTC', versionMode: 'pinned' } });
    expect(missing.errors![0]).toMatchObject({ message: expect.stringMatching(/Choose which version to pin/), extensions: { code: 'BAD_USER_INPUT', argument: 'pinnedVersionId' } });

    const other = await owner.gql(`mutation { createPipeline(name: "Other") { id } }`);
    const otherId = other.data!.createPipeline.id;
    const foreign = await owner.gql(CREATE, { p: otherId, i: { cron: '0 3 * * *', timezone: 'UTC', versionMode: 'pinned', pinnedVersionId: version.id } });
    expect(foreign.errors![0]).toMatchObject({ message: expect.stringMatching(/not a version of this pipeline/), extensions: { code: 'BAD_USER_INPUT' } });
  });

  test("another team can neither see nor change a team's schedules", async () => {
    const created = await owner.gql(CREATE, { p: pipelineId, i: { cron: '0 4 * * *', timezone: 'UTC' } });
    const id = created.data!.createSchedule.id;
    expect((await stranger.gql(LIST, {})).data!.schedules).toEqual([]);
    expect((await stranger.gql(LIST, { p: pipelineId })).data!.schedules).toEqual([]);
    const attempts = await Promise.all([
      stranger.gql(CREATE, { p: pipelineId, i: { cron: '0 4 * * *', timezone: 'UTC' } }),
      stranger.gql(UPDATE, { id, i: { cron: '0 5 * * *', timezone: 'UTC' } }),
      stranger.gql(`mutation ($id: ID!) { pauseSchedule(id: $id) { id } }`, { id }),
      stranger.gql(`mutation ($id: ID!) { resumeSchedule(id: $id) { id } }`, { id }),
      stranger.gql(`mutation ($id: ID!) { deleteSchedule(id: $id) }`, { id }),
    ]);
    for (const a of attempts) expect(a.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const mine = await owner.gql(LIST, { p: pipelineId });
    expect(mine.data!.schedules.find((x: { id: string }) => x.id === id)).toMatchObject({ cron: '0 4 * * *', enabled: true });
  });

  test('each schedule in a list gets its own latest tick (one batched look-up for the whole list)', async () => {
    const ids: string[] = [];
    for (const cron of ['0 6 * * *', '0 7 * * *', '0 8 * * *']) ids.push((await owner.gql(CREATE, { p: pipelineId, i: { cron, timezone: 'UTC' } })).data!.createSchedule.id);
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
    await harness.services.db.insert(scheduleTicks).values([
      { scheduleId: ids[0]!, tickAt: at(1), outcome: 'started' },
      { scheduleId: ids[0]!, tickAt: at(2), outcome: 'skipped_overlap' },
      { scheduleId: ids[1]!, tickAt: at(3), outcome: 'skipped_missed' },
      { scheduleId: ids[1]!, tickAt: at(0), outcome: 'started' },
    ]);
    const listed = await owner.gql<{ schedules: { id: string; lastTick: { outcome: string } | null }[] }>(LIST, { p: pipelineId });
    expect(listed.errors).toBeUndefined();
    const lastOf = new Map(listed.data!.schedules.map((x) => [x.id, x.lastTick?.outcome ?? null]));
    expect(ids.map((id) => lastOf.get(id))).toEqual(['skipped_overlap', 'skipped_missed', null]);
  });
});
