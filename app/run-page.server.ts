import type { AppLoadContext } from '@remix-run/node';
import { findRunForPage } from '../db/queries/run-page';
import { canEdit } from '../db/queries/teams';
import { requireViewer } from './session.server';

/** The run page's data: the run as stored (the page then follows its events live), or the app's 404. */
export async function loadRunPage(request: Request, context: AppLoadContext, runId: string) {
  const viewer = await requireViewer(request, context);
  const run = await findRunForPage(context.services.db, viewer.team.id, runId);
  if (!run) throw new Response('This run does not exist in your team, or it was deleted.', { status: 404, statusText: 'Not found' });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name, canEdit: canEdit(viewer.team) },
    run: {
      ...run,
      createdAt: run.createdAt.toISOString(),
      startedAt: iso(run.startedAt),
      finishedAt: iso(run.finishedAt),
      cancelRequestedAt: iso(run.cancelRequestedAt),
      nodes: run.nodes.map((n) => ({ ...n, startedAt: iso(n.startedAt), finishedAt: iso(n.finishedAt) })),
    },
  };
}

export type RunPageData = Awaited<ReturnType<typeof loadRunPage>>;
