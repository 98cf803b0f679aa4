import { json, redirect, type ActionFunctionArgs } from '@remix-run/node';
import { switchTeam } from '../../db/queries/team-members';
import { requireViewer, safeRedirectPath } from '~/session.server';

/** Pages that list the active team's things stay open after a switch; a page of one pipeline or run would not be found. */
const KEEPS_PAGE = /^\/(pipelines|datasets|runs|schedules|status|settings\/[a-z]+|account)\/?$/;

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const switched = await switchTeam(context.services.db, viewer.user.id, viewer.session.id, String(form.get('teamId') ?? ''));
  if (!switched.ok) return json({ error: switched.error }, { status: 404 });
  const back = safeRedirectPath(form.get('redirectTo'));
  return redirect(KEEPS_PAGE.test(back) ? back : '/pipelines');
}

export const loader = () => redirect('/pipelines');
