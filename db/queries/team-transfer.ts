import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../client';
import { datasets, pipelines, runs, schedules } from '../schema';
import { recordAudit } from './audit';
import { findPipelineUses } from './dataset-catalog';
import { distinctName, isUuid } from './pipelines';
import { findMembership } from './team-members';
import { done, refuse, type TeamResult } from './team-result';
import { roleAtLeast } from './teams';

export type TransferMode = 'move' | 'copy';
type Mover = { userId: string; fromTeamId: string };

/** Moving or copying needs editor rights in both teams; the refusal names the team that lacks them. */
async function checkBothTeams(db: Db, mover: Mover, toTeamId: string, what: string): Promise<TeamResult<{ toName: string }>> {
  if (toTeamId === mover.fromTeamId) return refuse('BAD_USER_INPUT', `The ${what} is already in this team; pick another team.`);
  const [from, to] = await Promise.all([findMembership(db, mover.fromTeamId, mover.userId), findMembership(db, toTeamId, mover.userId)]);
  if (!from || !roleAtLeast(from.role, 'editor')) return refuse('FORBIDDEN', `Your role in this team is read-only, so you cannot move or copy its ${what}s.`);
  if (!to) return refuse('NOT_FOUND', 'You are not a member of the team you picked; pick one of your teams.');
  if (!roleAtLeast(to.role, 'editor')) return refuse('FORBIDDEN', `You are a ${to.role} in ${to.name}; an editor, admin or owner there can add ${what}s to it.`);
  return done({ toName: to.name });
}

const auditBoth = async (tx: Tx, mover: Mover, toTeamId: string, action: string, target: { type: string; id: string; name: string }, details: Record<string, unknown>) => {
  await recordAudit(tx, { teamId: mover.fromTeamId, actor: { userId: mover.userId }, action, target, details: { ...details, toTeamId } });
  await recordAudit(tx, { teamId: toTeamId, actor: { userId: mover.userId }, action, target, details: { ...details, fromTeamId: mover.fromTeamId } });
};

/** Upload datasets of the source team that a pipeline graph reads: after a move they still live there. */
async function datasetsLeftBehind(tx: Tx, teamId: string, pipelineId: string) {
  const rows = await tx.execute<{ name: string }>(sql`
    select distinct d.name from pipelines p
    cross join lateral jsonb_array_elements(case when jsonb_typeof(p.graph->'nodes') = 'array' then p.graph->'nodes' else '[]'::jsonb end) node
    join dataset_versions v on v.id::text = node->'params'->'dataset'->>'datasetVersionId'
    join datasets d on d.id = v.dataset_id and d.team_id = ${teamId}
    where p.id = ${pipelineId} order by d.name`);
  return rows.map((r) => r.name);
}

/**
 * Move: the pipeline with its versions, runs and schedules changes team. Copy: a new pipeline in the other
 * team with the same draft (no history). Either way `readsDatasets` names uploads of the source team its
 * graph reads, which the other team cannot read until they are moved or copied too.
 */
export async function transferPipeline(db: Db, mover: Mover, id: string, toTeamId: string, mode: TransferMode) {
  const check = await checkBothTeams(db, mover, toTeamId, 'pipeline');
  if (!check.ok) return check;
  if (!isUuid(id)) return refuse('NOT_FOUND', 'That pipeline was not found in this team.');
  return db.transaction(async (tx) => {
    const [pipeline] = await tx.select().from(pipelines).where(and(eq(pipelines.id, id), eq(pipelines.teamId, mover.fromTeamId))).for('update');
    if (!pipeline) return refuse('NOT_FOUND', 'That pipeline was not found in this team.');
    const readsDatasets = await datasetsLeftBehind(tx, mover.fromTeamId, id);
    const taken = await tx.select({ name: pipelines.name }).from(pipelines).where(eq(pipelines.teamId, toTeamId));
    const name = distinctName(pipeline.name, taken.map((t) => t.name));
    let newId = id;
    if (mode === 'move') {
      await tx.update(pipelines).set({ teamId: toTeamId, name }).where(eq(pipelines.id, id));
      await tx.update(runs).set({ teamId: toTeamId }).where(eq(runs.pipelineId, id));
      await tx.update(schedules).set({ teamId: toTeamId }).where(eq(schedules.pipelineId, id));
    } else {
      const [copy] = await tx.insert(pipelines).values({ teamId: toTeamId, name, graph: pipeline.graph, createdBy: mover.userId }).returning({ id: pipelines.id });
      newId = copy!.id;
    }
    await auditBoth(tx, mover, toTeamId, `pipeline.${mode === 'move' ? 'moved' : 'copied'}`, { type: 'pipeline', id: newId, name }, { sourceId: id, toTeam: check.value.toName });
    return done({ id: newId, name, teamId: toTeamId, teamName: check.value.toName, readsDatasets });
  });
}

/**
 * Move: the dataset and its versions change team, refused while a pipeline of this team reads it (move
 * the pipeline first). Copy: a new dataset in the other team with the same versions (blobs are shared:
 * content-addressed, deleted only when no version uses them).
 */
export async function transferDataset(db: Db, mover: Mover, id: string, toTeamId: string, mode: TransferMode) {
  const check = await checkBothTeams(db, mover, toTeamId, 'dataset');
  if (!check.ok) return check;
  if (!isUuid(id)) return refuse('NOT_FOUND', 'That dataset was not found in this team.');
  return db.transaction(async (tx) => {
    const [dataset] = await tx.select().from(datasets).where(and(eq(datasets.id, id), eq(datasets.teamId, mover.fromTeamId))).for('update');
    if (!dataset) return refuse('NOT_FOUND', 'That dataset was not found in this team.');
    const [clash] = await tx.select({ id: datasets.id }).from(datasets).where(and(eq(datasets.teamId, toTeamId), eq(datasets.normalizedName, dataset.normalizedName)));
    if (clash) return refuse('CONFLICT', `${check.value.toName} already has a dataset named "${dataset.name}". Rename or delete one of them first.`);
    let newId = id;
    if (mode === 'move') {
      const usedBy = await findPipelineUses(tx, mover.fromTeamId, id);
      if (usedBy.length > 0) {
        const names = usedBy.map((u) => `"${u.pipelineName}"`).join(', ');
        return refuse('CONFLICT', `"${dataset.name}" is read by ${names} in this team. Move those pipelines first, or copy the dataset instead.`);
      }
      await tx.update(datasets).set({ teamId: toTeamId }).where(eq(datasets.id, id));
    } else {
      const [copy] = await tx.insert(datasets).values({ teamId: toTeamId, name: dataset.name, normalizedName: dataset.normalizedName, description: dataset.description }).returning({ id: datasets.id });
      newId = copy!.id;
      await tx.execute(sql`
        insert into dataset_versions (dataset_id, version, blob_key, format, bytes, sha256, row_count, column_count, schema, profile, created_by, created_at)
        select ${newId}, version, blob_key, format, bytes, sha256, row_count, column_count, schema, profile, created_by, created_at
        from dataset_versions where dataset_id = ${id}`);
    }
    await auditBoth(tx, mover, toTeamId, `dataset.${mode === 'move' ? 'moved' : 'copied'}`, { type: 'dataset', id: newId, name: dataset.name }, { sourceId: id, toTeam: check.value.toName });
    return done({ id: newId, name: dataset.name, teamId: toTeamId, teamName: check.value.toName });
  });
}
