import { eq } from 'drizzle-orm';
import type { Viewer } from './auth.server';
import type { AppServices } from './services.server';
import { findPipeline } from '../db/queries/pipelines';
import { canEdit } from '../db/queries/teams';
import { teams } from '../db/schema';
import { deleteStoredOutputs, storedOutputsUsage } from '../worker/output-retention';

/** Shared by the settings page and GraphQL: the team's stored outputs, their retention and their deletion. */
export const RETENTION_DAYS = { min: 1, max: 3650 };

export async function readStoredOutputs(services: Pick<AppServices, 'db'>, teamId: string, pipelineId?: string) {
  const [team] = await services.db.select({ days: teams.outputRetentionDays }).from(teams).where(eq(teams.id, teamId));
  return { ...(await storedOutputsUsage(services.db, teamId, pipelineId)), retentionDays: team!.days };
}

export class StoredOutputsError extends Error {
  constructor(
    message: string,
    readonly code: 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND',
  ) {
    super(message);
  }
}

function requireEditorRole(viewer: Viewer) {
  if (!canEdit(viewer.team)) throw new StoredOutputsError('Your role in this team is read-only: an owner or editor can change stored outputs.', 'FORBIDDEN');
}

/** Parses and saves the retention in days; the message says what is allowed. */
export async function setRetention(services: Pick<AppServices, 'db'>, viewer: Viewer, input: unknown) {
  requireEditorRole(viewer);
  const days = typeof input === 'number' ? input : typeof input === 'string' && /^\s*\d+\s*$/.test(input) ? Number(input) : NaN;
  if (!Number.isInteger(days) || days < RETENTION_DAYS.min || days > RETENTION_DAYS.max) {
    throw new StoredOutputsError(`Keep outputs for a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}; "${String(input)}" is not one.`, 'BAD_USER_INPUT');
  }
  await services.db.update(teams).set({ outputRetentionDays: days }).where(eq(teams.id, viewer.team.id));
  return days;
}

/** Deletes the team's (or one pipeline's) stored outputs; another team's pipeline is NOT_FOUND. */
export async function deleteOutputs(services: Pick<AppServices, 'db' | 'blobs'>, viewer: Viewer, pipelineId?: string) {
  requireEditorRole(viewer);
  if (pipelineId && !(await findPipeline(services.db, viewer.team.id, pipelineId))) throw new StoredOutputsError('Pipeline was not found in your team.', 'NOT_FOUND');
  return deleteStoredOutputs(services.db, services.blobs, viewer.team.id, pipelineId);
}
