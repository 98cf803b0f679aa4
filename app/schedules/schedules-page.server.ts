import { canEdit } from '../../db/queries/teams';
import { lastTicks, listSchedules } from '../../db/queries/schedules';
import { describeSchedule } from '../../engine/schedule/presets';
import type { Viewer } from '../auth.server';
import type { AppServices } from '../services.server';
import type { Schedule } from './schedules-client';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The team's schedules in the shape the client fetches them, so the page renders them on the server first. */
export async function loadSchedulesPage(services: AppServices, viewer: Viewer) {
  const rows = await listSchedules(services.db, viewer.team.id);
  const ticks = await lastTicks(services.db, rows.map((r) => r.id));
  const schedules: Schedule[] = rows.map((r) => {
    const tick = ticks.get(r.id);
    return {
      id: r.id,
      pipelineId: r.pipelineId,
      pipelineName: r.pipelineName,
      cron: r.cron,
      timezone: r.timezone,
      description: describeSchedule(r.cron, r.timezone),
      enabled: r.enabled,
      pausedReason: r.pausedReason,
      versionMode: r.versionMode,
      pinnedVersionId: r.pinnedVersionId,
      pinnedVersion: r.pinnedVersion,
      overlap: r.overlap,
      missedTicks: r.missedTicks,
      nextRunAt: iso(r.nextRunAt),
      lastRunAt: iso(r.lastRunAt),
      lastTick: tick ? { tickAt: tick.tickAt.toISOString(), outcome: tick.outcome, runId: tick.runId, message: tick.message } : null,
    };
  });
  return { viewer: { email: viewer.user.email, teamName: viewer.team.name }, schedules, canEdit: canEdit(viewer.team) };
}
