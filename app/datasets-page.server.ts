import { json } from '@remix-run/node';
import { z } from 'zod';
import type { TableProfile } from '../engine/kernels/column-profile';
import {
  deleteTeamDataset,
  findPipelineUses,
  findTeamDataset,
  findVersionDetail,
  listTeamDatasets,
  listVersions,
  saveVersionProfile,
  type PipelineUse,
} from '../db/queries/dataset-catalog';
import { canEdit } from '../db/queries/teams';
import type { Viewer } from './auth.server';
import { hasErrorName } from './datasets.server';
import type { AppServices } from './services.server';

const usesOf = (uses: PipelineUse[], datasetId: string) =>
  uses.filter((u) => u.datasetId === datasetId).map((u) => ({ id: u.pipelineId, name: u.pipelineName }));

/** The Datasets page: every dataset of the viewer's team with its latest version's figures and the pipelines reading it. */
export async function loadDatasetList(services: AppServices, viewer: Viewer) {
  const [rows, uses] = await Promise.all([listTeamDatasets(services.db, viewer.team.id), findPipelineUses(services.db, viewer.team.id)]);
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name, canEdit: canEdit(viewer.team) },
    maxUploadBytes: services.maxUploadBytes,
    datasets: rows.map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString(), usedBy: usesOf(uses, d.id) })),
  };
}

/**
 * One dataset with its versions and the selected version's (`?version=N`, else the latest) schema, profile
 * and sample. Another team's dataset is a 404, the same as a missing one.
 */
export async function loadDatasetDetail(services: AppServices, viewer: Viewer, datasetId: string, versionParam: string | null) {
  const dataset = await findTeamDataset(services.db, viewer.team.id, datasetId);
  if (!dataset) throw new Response('Your team has no such dataset. Pick one from the Datasets page.', { status: 404, statusText: 'Not Found' });
  const versions = await listVersions(services.db, dataset.id);
  const selected = versionParam === null ? versions.at(-1) : versions.find((v) => String(v.version) === versionParam);
  if (!selected) {
    throw new Response(`"${dataset.name}" has no version ${versionParam}; it has versions 1 to ${versions.length}.`, { status: 404, statusText: 'Not Found' });
  }
  const [detail, uses] = await Promise.all([findVersionDetail(services.db, dataset.id, selected.id), findPipelineUses(services.db, viewer.team.id, dataset.id)]);
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name, canEdit: canEdit(viewer.team) },
    dataset: { id: dataset.id, name: dataset.name, usedBy: usesOf(uses, dataset.id) },
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), uploadedBy: v.uploadedBy ?? v.uploadedByEmail ?? 'a former member' })),
    selected: { version: selected.version, schema: detail!.schema, ...(await ensureProfile(services, detail!)) },
  };
}

type VersionDetail = NonNullable<Awaited<ReturnType<typeof findVersionDetail>>>;
/** Profiles being computed, by version id, so concurrent first views share one parse. */
const profiling = new Map<string, Promise<TableProfile>>();

/** Versions uploaded before profiles existed are profiled on first view, in the parse pool (off the request loop). */
async function ensureProfile(services: AppServices, version: VersionDetail): Promise<{ profile?: TableProfile; profileError?: string }> {
  if (version.profile) return { profile: version.profile };
  let pending = profiling.get(version.id);
  if (!pending) {
    pending = (async () => {
      const bytes = await services.blobs.get(version.blobKey);
      const parsed = await services.datasetParser.parse(bytes, { format: version.format }, `dataset version ${version.id}`);
      await saveVersionProfile(services.db, version.id, parsed.profile);
      return parsed.profile;
    })().finally(() => profiling.delete(version.id));
    profiling.set(version.id, pending);
  }
  try {
    return { profile: await pending };
  } catch (error) {
    if (hasErrorName(error, 'ParsePoolBusyError')) return { profileError: 'The server is busy reading uploads, so this version has no profile yet. Reload the page in a minute.' };
    if (hasErrorName(error, 'UserError')) return { profileError: `This version could not be read to profile it: ${(error as Error).message}` };
    throw error;
  }
}

const actionSchema = z.object({ intent: z.literal('delete'), id: z.string() });

/** Deleting a dataset: refused (409) while a pipeline reads any of its versions, naming those pipelines. */
export async function handleDatasetAction(form: FormData, viewer: Viewer, services: AppServices) {
  if (!canEdit(viewer.team)) return json({ error: 'Your role in this team is read-only.', usedBy: [] }, { status: 403 });
  const parsed = actionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ error: 'Send intent=delete and the dataset id.', usedBy: [] }, { status: 400 });
  const dataset = await findTeamDataset(services.db, viewer.team.id, parsed.data.id);
  const outcome = dataset && (await deleteTeamDataset(services.db, viewer.team.id, dataset.id, (key) => services.blobs.delete(key), { userId: viewer.user.id }));
  if (!dataset || !outcome) return json({ error: 'That dataset no longer exists in your team.', usedBy: [] }, { status: 404 });
  if (!outcome.deleted) {
    const usedBy = outcome.usedBy.map((u) => ({ id: u.pipelineId, name: u.pipelineName }));
    const names = usedBy.map((u) => `"${u.name}"`).join(', ');
    const [which, fix] = usedBy.length === 1 ? ['the pipeline', 'its Dataset node at another dataset (or delete that pipeline)'] : ['the pipelines', 'their Dataset nodes at another dataset (or delete those pipelines)'];
    const error = `"${dataset.name}" is used by ${which} ${names}. Point ${fix}, then delete it.`;
    return json({ error, usedBy }, { status: 409 });
  }
  return json({ error: null, usedBy: [], deleted: dataset.name });
}
