import { json, type ActionFunctionArgs } from '@remix-run/node';
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
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) return json({ error: `The file is larger than the ${Math.round(limit / 1048576)} MB upload limit.` }, { status: 413 });
  const file = (await request.formData()).get('file');
  if (!(file instanceof File)) return json({ error: 'Choose a CSV or JSON file to upload.' }, { status: 400 });
  try {
    return json(await uploadDataset(context.services, viewer, file.name, new Uint8Array(await file.arrayBuffer())));
  } catch (error) {
    if (error instanceof UserError) return json({ error: error.message }, { status: 400 });
    throw error;
  }
}
