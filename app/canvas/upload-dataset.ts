import { DATASET_EXTENSIONS } from '../../engine/io/detect-format';
import type { DatasetOption } from './editor-types';

/** The file picker's filter: every extension the server reads (the server checks again). */
export const DATASET_ACCEPT = Object.keys(DATASET_EXTENSIONS).map((e) => `.${e}`).join(',');

/** POST /api/datasets (multipart `file`); resolves the new dataset or throws with the server's message. */
export async function uploadDataset(file: File): Promise<DatasetOption> {
  const body = new FormData();
  body.append('file', file);
  let response: Response;
  try {
    response = await fetch('/api/datasets', { method: 'POST', body, credentials: 'same-origin' });
  } catch {
    throw new Error('Could not reach the server to upload the file.');
  }
  const json = (await response.json().catch(() => undefined)) as (DatasetOption & { error?: string }) | undefined;
  if (!response.ok || !json || json.error) {
    throw new Error(json?.error ?? `Upload failed (${response.status} ${response.statusText}).`);
  }
  return { ref: json.ref, label: json.label, schema: json.schema, columnCount: json.columnCount, rowCount: json.rowCount };
}
