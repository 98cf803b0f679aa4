import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isUuid } from '../db/queries/pipelines';
import { datasets, datasetVersions, pipelines } from '../db/schema';
import type { SampleSpec } from '../engine/content-key';
import type { DatasetRef } from '../engine/define-node';
import { describeGraphIssue, pipelineGraphSchema, sampleSpecSchema, type PipelineGraph } from '../engine/graph-types';
import { nameNode, resolveNodeParams } from '../engine/node-params';
import { DEFAULT_SAMPLE } from '../engine/preview';
import { getNodeType } from '../engine/registry';
import type { UploadSource } from '../app/preview-thread.server';
import { accessMemoOf, type AccessMemo } from './access-memo';
import { badInput, notFound } from './context';

/** The `preview` query's arguments, checked: a valid graph, a sample spec, and only the team's own uploads. */
export type CheckedPreview = { graph: PipelineGraph; sample: SampleSpec; uploads: Record<string, UploadSource> };

export async function checkPreviewRequest(db: Db, teamId: string, args: { pipelineId: string; graph: unknown; sample?: unknown }): Promise<CheckedPreview> {
  // Looked up side by side with the uploads (one database round trip instead of two), and answers found in
  // the last seconds reused (access-memo.ts): while the user types, a preview waits on no database round
  // trip but the session's. A missing pipeline still answers NOT_FOUND before anything about the graph.
  const memo = accessMemoOf(db);
  const pipelineKey = `pipeline ${teamId} ${args.pipelineId}`;
  const pipeline =
    memo.get(pipelineKey) !== undefined
      ? true
      : isUuid(args.pipelineId)
        ? db
            .select({ id: pipelines.id })
            .from(pipelines)
            .where(and(eq(pipelines.id, args.pipelineId), eq(pipelines.teamId, teamId)))
            .then((rows) => rows.length > 0 && memo.set(pipelineKey, true))
        : false;
  const parsed = pipelineGraphSchema.safeParse(args.graph);
  const uploads = parsed.success ? findTeamUploads(db, memo, teamId, parsed.data) : undefined;
  // Awaited below only if the pipeline is found: settled here so an early return leaves no unhandled rejection.
  uploads?.catch(() => {});
  if (!(await pipeline)) throw notFound('Pipeline');
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 20).map((issue) => describeGraphIssue(args.graph, issue));
    throw badInput(`The pipeline could not be previewed. ${problems[0]!.message}`, { problems });
  }
  const graph = parsed.data;
  const sample = sampleSpecSchema.safeParse(args.sample ?? graph.settings?.sample ?? DEFAULT_SAMPLE);
  if (!sample.success) {
    throw badInput('sample must be {"mode": "head", "rows": 1 to 10000} or {"mode": "random", "rows": 1 to 10000, "seed": an integer}.');
  }
  return { graph, sample: sample.data, uploads: await uploads! };
}

/**
 * The uploads the graph's nodes read, each of which must be the team's: another team's version id is
 * refused like a missing one (NOT_FOUND), naming the node, before anything is computed.
 */
async function findTeamUploads(db: Db, memo: AccessMemo, teamId: string, graph: PipelineGraph): Promise<Record<string, UploadSource>> {
  const wanted = new Map<string, string>();
  for (const node of graph.nodes) {
    const def = getNodeType(node.type);
    const resolved = def ? resolveNodeParams(node, def) : undefined;
    if (!def?.datasets || !resolved?.ok) continue;
    for (const ref of def.datasets(resolved.params) as DatasetRef[]) {
      if (ref.source === 'upload' && !wanted.has(ref.datasetVersionId)) wanted.set(ref.datasetVersionId, nameNode(node, def));
    }
  }
  if (wanted.size === 0) return {};
  const found = new Map<string, UploadSource>();
  for (const id of wanted.keys()) {
    const known = memo.get(`upload ${teamId} ${id}`) as UploadSource | undefined;
    if (known) found.set(id, known);
  }
  const ids = [...wanted.keys()].filter((id) => !found.has(id));
  if (ids.length > 0) await findUploadRows(db, memo, teamId, ids, found);
  const missing = [...wanted.keys()].find((id) => !found.has(id));
  if (missing) throw notFound(`The dataset read by ${wanted.get(missing)} (version ${missing})`);
  return Object.fromEntries(found);
}

async function findUploadRows(db: Db, memo: AccessMemo, teamId: string, ids: string[], found: Map<string, UploadSource>): Promise<void> {
  const rows = await db
    .select({ id: datasetVersions.id, blobKey: datasetVersions.blobKey, format: datasetVersions.format })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(and(eq(datasets.teamId, teamId), inArray(datasetVersions.id, ids.filter(isUuid))));
  for (const row of rows) {
    const source: UploadSource = { blobKey: row.blobKey, format: row.format };
    found.set(row.id, source);
    memo.set(`upload ${teamId} ${row.id}`, source);
  }
}
