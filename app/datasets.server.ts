import { rm } from 'node:fs/promises';
import { UserError } from '../engine/define-node';
import { DATASET_EXTENSIONS } from '../engine/io/detect-format';
import { insertDatasetVersion } from '../db/queries/datasets';
import type { Viewer } from './auth.server';
import type { AppServices } from './services.server';
import type { ReceivedUpload } from './upload-receiver.server';

/**
 * Errors from services (the parse pool) come from modules loaded by the server, not from this bundle,
 * so their classes differ from ours: recognise them by name.
 */
export function hasErrorName(error: unknown, name: 'UserError' | 'ParsePoolBusyError'): boolean {
  return error instanceof Error && error.name === name;
}

// Through this .server module so the editor route's client bundle never pulls in worker/ (node:fs, paths).
export { referencedUploadIds } from '../worker/datasets';

const ACCEPTED = Object.keys(DATASET_EXTENSIONS).map((e) => `.${e}`).join(', ');

/**
 * Checks an upload's file name before its content is read: a dataset extension (or none, and the
 * content decides), and text Postgres can store. The parse thread settles the format from the bytes.
 */
export function checkUploadName(fileName: string) {
  if (/[\u0000-\u001f\u007f]/.test(fileName)) {
    const shown = JSON.stringify(fileName).slice(1, -1);
    throw new UserError(`The file name "${shown}" contains control characters (such as NUL). Rename the file and upload it again.`);
  }
  const extension = fileName.includes('.') ? fileName.split('.').pop()!.toLowerCase() : undefined;
  if (extension !== undefined && !DATASET_EXTENSIONS[extension]) {
    throw new UserError(`"${fileName}" is not a dataset file this server reads. Upload one of: ${ACCEPTED}.`);
  }
  const name = fileName.replace(/\.[^.]+$/, '').slice(0, 120) || 'dataset';
  return { name };
}

/** What an upload with column names but no rows under them is told. */
function headerOnly(names: readonly string[]): string {
  const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ');
  return `The file has a header (${shown}) but no rows. Add at least one row of values.`;
}

/**
 * Parses the received file (in the parse pool, off the request loop) before storing anything, so a
 * malformed file changes nothing (`onProgress` hears how far the parse has read); then moves it into the blob store and records it, and the query
 * removes the blob again if the row cannot be written. The temp file is gone when this returns.
 */
export async function uploadDataset(services: AppServices, viewer: Viewer, upload: ReceivedUpload, onProgress?: (done: number, total: number) => void) {
  try {
    const { name } = checkUploadName(upload.fileName);
    if (upload.bytes === 0) throw new UserError(`"${upload.fileName}" is empty.`);
    let parsed;
    try {
      parsed = await services.datasetParser.parse(upload.file, { fileName: upload.fileName, onProgress });
    } catch (error) {
      if (hasErrorName(error, 'UserError')) throw new UserError(`Could not read "${upload.fileName}": ${(error as Error).message}`);
      throw error;
    }
    const { format } = parsed;
    // Refused at upload, as an empty JSON array is; a URL or an older version read with no rows stays a table with none.
    if (parsed.rowCount === 0) throw new UserError(`Could not read "${upload.fileName}": ${headerOnly(parsed.schema.columns.map((c) => c.name))}`);
    const blobKey = `datasets/${viewer.team.id}/${upload.sha256}.${format}`;
    const { version } = await insertDatasetVersion(
      services.db,
      { teamId: viewer.team.id, userId: viewer.user.id, name, blobKey, format, bytes: upload.bytes, sha256: upload.sha256, rowCount: parsed.rowCount, schema: parsed.schema, profile: parsed.profile },
      { place: () => services.blobs.putFile(blobKey, upload.file), remove: () => services.blobs.delete(blobKey) },
    );
    return {
      datasetId: version.datasetId,
      ref: { source: 'upload' as const, datasetVersionId: version.id },
      label: `${name} v${version.version}`,
      schema: parsed.schema,
      columnCount: parsed.schema.columns.length,
      rowCount: parsed.rowCount,
    };
  } finally {
    await rm(upload.file, { force: true });
  }
}
