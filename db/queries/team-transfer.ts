import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PipelineGraph } from '../../engine/graph-types';
import { uploadVersionIds, withUploadVersions } from '../../engine/upload-refs';
import type { Db, Tx } from '../client';
import { datasets, datasetVersions, pipelines, runs, schedules } from '../schema';
import { recordAudit } from './audit';
import { findPipelineUses } from './dataset-catalog';
import { normalizeDatasetName } from './datasets';
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

type Dataset = typeof datasets.$inferSelect;

/**
 * Copies a dataset with all its versions into another team as `name`. The versions share the source's
 * blobs (content-addressed, deleted only when no version uses them). Returns the copy's id and, for each
 * source version id, its copy's.
 */
async function copyDatasetRows(tx: Tx, source: Dataset, toTeamId: string, name: string) {
  const [copy] = await tx.insert(datasets).values({ teamId: toTeamId, name, normalizedName: normalizeDatasetName(name), description: source.description }).returning({ id: datasets.id });
  const rows = await tx.execute<{ from_id: string; to_id: string }>(sql`
    with source as (select * from dataset_versions where dataset_id = ${source.id}),
    copied as (
      insert into dataset_versions (dataset_id, version, blob_key, format, bytes, sha256, row_count, column_count, schema, profile, created_by, created_at)
      select ${copy!.id}, version, blob_key, format, bytes, sha256, row_count, column_count, schema, profile, created_by, created_at from source
      returning id, version)
    select source.id as from_id, copied.id as to_id from source join copied on copied.version = source.version`);
  return { id: copy!.id, versions: new Map(rows.map((r) => [r.from_id, r.to_id])) };
}

/**
 * Gives the other team the uploads of this team that `graph` reads, so a copy of the pipeline runs there:
 * each such dataset is copied with its versions (under a free name, audited in both teams), unless a
 * dataset of the other team already holds every version read (same sha256), say from an earlier copy; that
 * one (the same-named one first) is read instead. Returns the graph reading the other team's versions, and
 * their datasets' names.
 */
async function giveDatasets(tx: Tx, mover: Mover, to: { id: string; name: string }, graph: PipelineGraph, pipelineName: string) {
  const ids = uploadVersionIds(graph).filter(isUuid);
  if (ids.length === 0) return { graph, names: [] };
  const read = await tx
    .select({ versionId: datasetVersions.id, sha256: datasetVersions.sha256, dataset: datasets })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(and(inArray(datasetVersions.id, ids), eq(datasets.teamId, mover.fromTeamId)))
    .orderBy(datasets.name);
  const taken = new Set((await tx.select({ name: datasets.normalizedName }).from(datasets).where(eq(datasets.teamId, to.id))).map((d) => d.name));
  const replacements = new Map<string, string>();
  const names: string[] = [];
  for (const source of new Map(read.map((r) => [r.dataset.id, r.dataset])).values()) {
    const wanted = read.filter((r) => r.dataset.id === source.id);
    const held = await tx
      .select({ id: datasetVersions.id, sha256: datasetVersions.sha256, datasetId: datasets.id, name: datasets.name, normalizedName: datasets.normalizedName })
      .from(datasetVersions)
      .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .where(and(eq(datasets.teamId, to.id), inArray(datasetVersions.sha256, wanted.map((w) => w.sha256))))
      .orderBy(datasets.name, datasetVersions.version);
    const holders = [...new Set(held.map((h) => h.datasetId))].filter((d) => wanted.every((w) => held.some((h) => h.datasetId === d && h.sha256 === w.sha256)));
    const holder = holders.find((d) => held.find((h) => h.datasetId === d)!.normalizedName === source.normalizedName) ?? holders[0];
    if (holder) {
      for (const w of wanted) replacements.set(w.versionId, held.find((h) => h.datasetId === holder && h.sha256 === w.sha256)!.id);
      names.push(held.find((h) => h.datasetId === holder)!.name);
      continue;
    }
    let name = source.name;
    for (let n = 2; taken.has(normalizeDatasetName(name)); n++) name = `${source.name} (${n})`;
    const copy = await copyDatasetRows(tx, source, to.id, name);
    taken.add(normalizeDatasetName(name));
    for (const w of wanted) replacements.set(w.versionId, copy.versions.get(w.versionId)!);
    await auditBoth(tx, mover, to.id, 'dataset.copied', { type: 'dataset', id: copy.id, name }, { sourceId: source.id, toTeam: to.name, withPipeline: pipelineName });
    names.push(name);
  }
  return { graph: withUploadVersions(graph, replacements), names };
}

/**
 * Move: the pipeline with its versions, runs and schedules changes team. Copy: a new pipeline in the other
 * team with the same draft (no history); with `copyDatasets`, the uploads it reads are given to the other
 * team too and the copy reads those (`copiedDatasets`). Otherwise `readsDatasets` names uploads of the
 * source team its graph reads, which the other team cannot read until they are moved or copied too.
 */
export async function transferPipeline(db: Db, mover: Mover, id: string, toTeamId: string, mode: TransferMode, opts: { copyDatasets?: boolean } = {}) {
  if (opts.copyDatasets && mode === 'move') {
    return refuse('BAD_USER_INPUT', 'Datasets go along with a copy only: copy the pipeline with them, or move its datasets (Datasets page) before moving it.');
  }
  const check = await checkBothTeams(db, mover, toTeamId, 'pipeline');
  if (!check.ok) return check;
  if (!isUuid(id)) return refuse('NOT_FOUND', 'That pipeline was not found in this team.');
  return db.transaction(async (tx) => {
    const [pipeline] = await tx.select().from(pipelines).where(and(eq(pipelines.id, id), eq(pipelines.teamId, mover.fromTeamId))).for('update');
    if (!pipeline) return refuse('NOT_FOUND', 'That pipeline was not found in this team.');
    let readsDatasets = await datasetsLeftBehind(tx, mover.fromTeamId, id);
    let copiedDatasets: string[] = [];
    const taken = await tx.select({ name: pipelines.name }).from(pipelines).where(eq(pipelines.teamId, toTeamId));
    const name = distinctName(pipeline.name, taken.map((t) => t.name));
    let newId = id;
    if (mode === 'move') {
      await tx.update(pipelines).set({ teamId: toTeamId, name }).where(eq(pipelines.id, id));
      await tx.update(runs).set({ teamId: toTeamId }).where(eq(runs.pipelineId, id));
      await tx.update(schedules).set({ teamId: toTeamId }).where(eq(schedules.pipelineId, id));
    } else {
      let graph = pipeline.graph;
      if (opts.copyDatasets) {
        const given = await giveDatasets(tx, mover, { id: toTeamId, name: check.value.toName }, graph, name);
        graph = given.graph;
        copiedDatasets = given.names;
        readsDatasets = [];
      }
      const [copy] = await tx.insert(pipelines).values({ teamId: toTeamId, name, graph, createdBy: mover.userId }).returning({ id: pipelines.id });
      newId = copy!.id;
    }
    const details = { sourceId: id, toTeam: check.value.toName, ...(copiedDatasets.length ? { datasets: copiedDatasets } : {}) };
    await auditBoth(tx, mover, toTeamId, `pipeline.${mode === 'move' ? 'moved' : 'copied'}`, { type: 'pipeline', id: newId, name }, details);
    return done({ id: newId, name, teamId: toTeamId, teamName: check.value.toName, readsDatasets, copiedDatasets });
  });
}

/**
 * Move: the dataset and its versions change team, refused while a pipeline of this team reads it (move
 * the pipeline first). Copy: a new dataset in the other team with the same versions.
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
      newId = (await copyDatasetRows(tx, dataset, toTeamId, dataset.name)).id;
    }
    await auditBoth(tx, mover, toTeamId, `dataset.${mode === 'move' ? 'moved' : 'copied'}`, { type: 'dataset', id: newId, name: dataset.name }, { sourceId: id, toTeam: check.value.toName });
    return done({ id: newId, name: dataset.name, teamId: toTeamId, teamName: check.value.toName });
  });
}
