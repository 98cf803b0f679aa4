import { requestGraphQL } from '../canvas/graphql-client';

export type ScheduleTick = { tickAt: string; outcome: string; runId: string | null; message: string | null };
export type ScheduleSettings = {
  cron: string;
  timezone: string;
  enabled: boolean;
  versionMode: 'latest' | 'pinned';
  pinnedVersionId: string | null;
  overlap: 'skip' | 'queue';
  missedTicks: 'run_once' | 'skip';
};
export type Schedule = ScheduleSettings & {
  id: string;
  pipelineId: string;
  pipelineName: string;
  description: string;
  pausedReason: string | null;
  pinnedVersion: number | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastTick: ScheduleTick | null;
};

const FIELDS = 'id pipelineId pipelineName cron timezone description enabled pausedReason versionMode pinnedVersionId pinnedVersion overlap missedTicks nextRunAt lastRunAt lastTick { tickAt outcome runId message }';

/** The schedules, and whether the viewer may change them (viewers see them read-only). */
export async function fetchSchedules(pipelineId?: string) {
  const data = await requestGraphQL<{ schedules: Schedule[]; me: { team: { role: string } } | null }>(
    `query Schedules($p: ID) { schedules(pipelineId: $p) { ${FIELDS} } me { team { role } } }`,
    { p: pipelineId ?? null },
  );
  return { schedules: data.schedules, canEdit: data.me?.team.role !== 'viewer' };
}

export async function fetchNextRuns(cron: string, timezone: string, signal?: AbortSignal) {
  const data = await requestGraphQL<{ scheduleNextRuns: string[] }>(
    `query NextRuns($c: String!, $t: String!) { scheduleNextRuns(cron: $c, timezone: $t, count: 5) }`,
    { c: cron, t: timezone },
    signal,
  );
  return data.scheduleNextRuns;
}

export async function saveSchedule(target: { pipelineId: string } | { id: string }, input: ScheduleSettings) {
  if ('id' in target) {
    const data = await requestGraphQL<{ updateSchedule: Schedule }>(`mutation UpdateSchedule($id: ID!, $i: ScheduleInput!) { updateSchedule(id: $id, input: $i) { ${FIELDS} } }`, { id: target.id, i: input });
    return data.updateSchedule;
  }
  const data = await requestGraphQL<{ createSchedule: Schedule }>(`mutation CreateSchedule($p: ID!, $i: ScheduleInput!) { createSchedule(pipelineId: $p, input: $i) { ${FIELDS} } }`, { p: target.pipelineId, i: input });
  return data.createSchedule;
}

export async function setSchedulePaused(id: string, paused: boolean) {
  const field = paused ? 'pauseSchedule' : 'resumeSchedule';
  const data = await requestGraphQL<Record<string, Schedule>>(`mutation ($id: ID!) { ${field}(id: $id) { ${FIELDS} } }`, { id });
  return data[field]!;
}

export async function deleteSchedule(id: string) {
  await requestGraphQL(`mutation DeleteSchedule($id: ID!) { deleteSchedule(id: $id) }`, { id });
}
