import type { LoaderFunctionArgs } from '@remix-run/node';
import { and, eq } from 'drizzle-orm';
import { requireViewer } from '~/session.server';
import { models } from '../../db/schema';

/** Loader of /models/:name/api: the model must be registered in the viewer's team. */
export async function loadApiDocsPage({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const name = params.name ?? '';
  const [model] = await context.services.db.select({ name: models.name }).from(models).where(and(eq(models.teamId, viewer.team.id), eq(models.name, name)));
  if (!model) throw new Response(`No model named '${name}' is registered in ${viewer.team.name}.`, { status: 404 });
  return { viewer: { email: viewer.user.email, teamName: viewer.team.name }, model: model.name };
}
