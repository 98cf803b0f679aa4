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
 * Columns profiled on one page. A file of thousands of columns is shown a window at a time: rendering
 * 20,000 profile rows took the server 40 s (every other request waited) and ended in a 500.
 */
const PROFILE_PAGE_COLUMNS = 100;

/** The window of columns `?columns=N` (1-based, clamped) asks for, of `total`. */
function columnWindow(param: string | null, total: number): ColumnWindow {
  const asked = Math.floor(Number(param ?? 1)) - 1;
  const lastPage = Math.max(0, Math.floor((total - 1) / PROFILE_PAGE_COLUMNS) * PROFILE_PAGE_COLUMNS);
  const from = Number.isFinite(asked) ? Math.min(Math.max(0, asked), lastPage) : 0;
  return { from, to: Math.min(total, from + PROFILE_PAGE_COLUMNS), total, page: PROFILE_PAGE_COLUMNS };
}

/** The profile's columns and sample cells in the window only. */
function windowed(profile: TableProfile, { from, to }: ColumnWindow): TableProfile {
  if (from === 0 && to === profile.columns.length) return profile;
  return { ...profile, columns: profile.columns.slice(from, to), sample: { rows: profile.sample.rows.map((row) => row.slice(from, to)) } };
}

/**
 * One dataset with its versions and the selected version's (`?version=N`, else the latest) profile and
 * sample, a window of PROFILE_PAGE_COLUMNS columns from `?columns=N`. Another team's dataset is a 404, the
 * same as a missing one.
 */
export async function loadDatasetDetail(services: AppServices, viewer: Viewer, datasetId: string, versionParam: string | null, columnsParam: string | null = null) {
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
    selected: { version: selected.version, ...windowedProfile(await ensureProfile(services, detail!), columnsParam) },
  };
}

/** Columns from…to (0-based, end excluded) of total, a page of `page` at a time. */
type ColumnWindow = { from: number; to: number; total: number; page: number };

function windowedProfile({ profile, profileError }: { profile?: TableProfile; profileError?: string }, columnsParam: string | null): { profile?: TableProfile; profileError?: string; columns?: ColumnWindow } {
  if (!profile) return { profileError };
  const columns = columnWindow(columnsParam, profile.columns.length);
  return { profile: windowed(profile, columns), columns };
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
