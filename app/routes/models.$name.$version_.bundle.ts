import type { LoaderFunctionArgs } from '@remix-run/node';
import { findVersion, RegistryError } from '../../db/queries/models';
import { buildModelBundle } from '~/registry/model-bundle.server';
import { requireViewer } from '~/session.server';

/** GET: the version as one self-contained JSON file (manifest + encoded model), downloaded as <name>-v<version>.pwmodel.json. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const name = params.name ?? '';
  const number = Number(params.version);
  if (!Number.isInteger(number)) throw new Response(`'${params.version}' is not a version number.`, { status: 404 });
  try {
    const { model, version } = await findVersion(context.services.db, viewer.team.id, name, number);
    const bundle = await buildModelBundle(context.services.blobs, model, version);
    return new Response(JSON.stringify(bundle), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${model.name}-v${version.version}.pwmodel.json"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'NOT_FOUND') throw new Response(error.message, { status: 404 });
    throw error;
  }
}
