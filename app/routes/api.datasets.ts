import { json, type ActionFunctionArgs } from '@remix-run/node';
import { canEdit } from '../../db/queries/teams';
import { checkUploadName, hasErrorName, uploadDataset } from '~/datasets.server';
import { findViewer } from '~/session.server';
import { progressResponse, wantsProgress } from '~/upload-progress.server';
import { receiveUpload, UploadTooLargeError } from '~/upload-receiver.server';

/** How long a client refused with 503 should wait before trying again. */
const RETRY_AFTER_SECONDS = 30;

/**
 * POST multipart `file` → the new dataset version ({ ref, label, schema, columnCount, rowCount }) or `{ error }`;
 * with `Accept: application/x-ndjson`, parse progress lines first (see upload-progress.server.ts).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await findViewer(request, context);
  if (!viewer) return json({ error: 'Sign in to upload datasets.' }, { status: 401 });
  if (!canEdit(viewer.team)) return json({ error: 'Your role in this team is read-only.' }, { status: 403 });
  const { services } = context;
  const limit = services.maxUploadBytes;
  // Refusals before the whole body is read leave the rest unread, so the connection cannot carry another request.
  const refuse = (status: number, error: string, headers: Record<string, string> = {}) =>
    json({ error }, { status, headers: { Connection: 'close', ...headers } });
  const tooLarge = () => refuse(413, `The file is larger than the ${Math.round(limit / 1048576)} MB upload limit.`);
  const busy = () => refuse(503, 'The server is busy reading other uploads. Try again in a minute.', { 'Retry-After': String(RETRY_AFTER_SECONDS) });
  if (Number(request.headers.get('content-length') ?? 0) > limit) return tooLarge();
  if (services.datasetParser.isFull()) return busy();
  let upload;
  try {
    upload = await receiveUpload(request, { field: 'file', limit, tempPath: () => services.blobs.tempPath('.upload'), acceptName: checkUploadName });
  } catch (error) {
    if (error instanceof UploadTooLargeError) return tooLarge();
    if (hasErrorName(error, 'UserError')) return refuse(400, (error as Error).message);
    // Only the multipart reader's own complaints mean a malformed request; anything later is our bug, not theirs.
    if (error instanceof TypeError || /multipart|content-disposition/i.test(String(error))) {
      return refuse(400, 'The upload could not be read. Send the file as multipart form data in a field named "file".');
    }
    throw error;
  }
  if (!upload) return json({ error: 'Choose a dataset file (CSV, TSV, JSON, NDJSON, NPY or Parquet) to upload.' }, { status: 400 });
  const refusal = (error: unknown) => {
    if (hasErrorName(error, 'ParsePoolBusyError')) return { status: 503, error: (error as Error).message };
    if (hasErrorName(error, 'UserError')) return { status: 400, error: (error as Error).message };
    return undefined;
  };
  if (wantsProgress(request)) return progressResponse((onProgress) => uploadDataset(services, viewer, upload, onProgress), refusal);
  try {
    return json(await uploadDataset(services, viewer, upload));
  } catch (error) {
    const refused = refusal(error);
    if (refused?.status === 503) return busy();
    if (refused) return refuse(refused.status, refused.error);
    throw error;
  }
}
