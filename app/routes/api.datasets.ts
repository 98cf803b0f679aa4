import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
} from '@remix-run/node';
import { UserError } from '../../engine/define-node';
import { canEdit } from '../../db/queries/teams';
import { uploadDataset } from '~/datasets.server';
import { findViewer } from '~/session.server';

/** POST multipart `file` → the new dataset version ({ ref, label, schema, rowCount }) or `{ error }`. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await findViewer(request, context);
  if (!viewer) return json({ error: 'Sign in to upload datasets.' }, { status: 401 });
  if (!canEdit(viewer.team)) return json({ error: 'Your role in this team is read-only.' }, { status: 403 });
  const limit = context.services.maxUploadBytes;
  // The rest of the body is left unread, so the connection cannot carry another request.
  const tooLarge = () =>
    json({ error: `The file is larger than the ${Math.round(limit / 1048576)} MB upload limit.` }, { status: 413, headers: { Connection: 'close' } });
  if (Number(request.headers.get('content-length') ?? 0) > limit) return tooLarge();
  let form: FormData;
  try {
    // Counts bytes as they stream in, so a chunked body without Content-Length cannot exceed the limit either.
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: limit, filter: ({ name }) => name === 'file' }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge();
    return json({ error: 'The upload could not be read. Send the file as multipart form data in a field named "file".' }, { status: 400 });
  }
  const file = form.get('file');
  if (!(file instanceof File)) return json({ error: 'Choose a CSV or JSON file to upload.' }, { status: 400 });
  try {
    return json(await uploadDataset(context.services, viewer, file.name, new Uint8Array(await file.arrayBuffer())));
  } catch (error) {
    if (error instanceof UserError) return json({ error: error.message }, { status: 400 });
    throw error;
  }
}
