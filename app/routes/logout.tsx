import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { findViewer } from '~/session.server';

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await findViewer(request, context);
  if (viewer) await context.services.auth.signOut(viewer.session.id);
  return redirect('/login', { headers: { 'Set-Cookie': context.services.auth.blankCookie() } });
}

export const loader = () => redirect('/');
