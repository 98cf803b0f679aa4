import { createHash } from 'node:crypto';
import { UserError } from '../engine/define-node';
import { parseDatasetBytes, tableSchema } from '../engine/io/dataset';
import { insertDatasetVersion } from '../db/queries/datasets';
import type { Viewer } from './auth.server';
import type { AppServices } from './services.server';

const FORMATS = { csv: 'csv', json: 'json' } as const;

/** Parses the upload fully before storing anything, so a malformed file changes nothing. */
export async function uploadDataset(services: AppServices, viewer: Viewer, fileName: string, bytes: Uint8Array) {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  const format = FORMATS[extension as keyof typeof FORMATS];
  if (!format) throw new UserError(`"${fileName}" is not a CSV or JSON file. Upload a .csv or .json file.`);
  if (bytes.byteLength === 0) throw new UserError(`"${fileName}" is empty.`);
  let table;
  try {
    table = parseDatasetBytes(bytes, format);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`Could not read "${fileName}": ${error.message}`);
    throw error;
  }
  const schema = tableSchema(table);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const blobKey = `datasets/${viewer.team.id}/${sha256}.${format}`;
  await services.blobs.put(blobKey, bytes);
  const name = fileName.replace(/\.[^.]+$/, '').slice(0, 120) || 'dataset';
  const { version } = await insertDatasetVersion(services.db, {
    teamId: viewer.team.id,
    userId: viewer.user.id,
    name,
    blobKey,
    format,
    bytes: bytes.byteLength,
    sha256,
    rowCount: table.rowCount,
    schema,
  });
  return {
    ref: { source: 'upload' as const, datasetVersionId: version.id },
    label: `${name} v${version.version}`,
    schema,
    rowCount: table.rowCount,
  };
}
