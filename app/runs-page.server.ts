import { findPipeline } from '../db/queries/pipelines';
import { listTeamPipelineNames, listTeamRuns, readRunListFilter } from '../db/queries/run-list';
import { canEdit } from '../db/queries/teams';
import type { Viewer } from './auth.server';
import type { AppServices } from './services.server';

export const RUNS_PAGE_SIZE = 25;

/**
 * The Runs page's data for its URL: filters `pipeline`, `status`, `trigger` (empty means any) and `page`
 * (from 1). A filter the page cannot have produced is a 400 saying which values it takes.
 */
export async function loadRunList(services: AppServices, viewer: Viewer, params: URLSearchParams) {
  const read = readRunListFilter({ pipelineId: params.get('pipeline'), status: params.get('status'), trigger: params.get('trigger') });
  if ('error' in read) throw new Response(read.error.replace(/^pipelineId/, 'pipeline'), { status: 400, statusText: 'Bad request' });
  const { filter } = read;
  const pipeline = filter.pipelineId ? await findPipeline(services.db, viewer.team.id, filter.pipelineId) : undefined;
  if (filter.pipelineId && !pipeline) throw new Response('This pipeline does not exist in your team, or it was deleted.', { status: 404, statusText: 'Not found' });
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const [list, pipelines] = await Promise.all([
    listTeamRuns(services.db, viewer.team.id, filter, { limit: RUNS_PAGE_SIZE, offset: (page - 1) * RUNS_PAGE_SIZE }),
    listTeamPipelineNames(services.db, viewer.team.id),
  ]);
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name, canEdit: canEdit(viewer.team) },
    runs: list.runs.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      trigger: r.trigger,
      pipelineId: r.pipelineId,
      pipelineName: r.pipelineName,
      pipelineVersion: r.pipelineVersion,
      starter: r.starter,
      schedule: r.schedule,
      force: r.force,
      rerunOfRunId: r.rerunOfRunId,
      rerunFromNodeId: r.rerunFromNodeId,
      cancelRequested: r.cancelRequestedAt !== null,
      createdAt: r.createdAt.toISOString(),
      startedAt: r.startedAt?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
    total: list.total,
    page,
    pageSize: RUNS_PAGE_SIZE,
    filter: { pipeline: filter.pipelineId ?? '', status: filter.status ?? '', trigger: filter.trigger ?? '' },
    pipeline: pipeline ? { id: pipeline.id, name: pipeline.name } : null,
    pipelines,
  };
}

export type RunListData = Awaited<ReturnType<typeof loadRunList>>;
export type RunListRow = RunListData['runs'][number];
