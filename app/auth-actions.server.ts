import { json, redirect, type AppLoadContext } from '@remix-run/node';
import { safeRedirectPath } from './session.server';

/** Shared by the sign-in and sign-up routes: check the credentials, set the cookie, or return the error to show. */
export async function handleCredentials(request: Request, context: AppLoadContext, mode: 'login' | 'signup') {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const input = { email, password: String(form.get('password') ?? ''), name: String(form.get('name') ?? '') };
  const { auth } = context.services;
  const result = mode === 'signup' ? await auth.signUp(input) : await auth.signIn(input);
  if (!result.ok) return json({ error: result.error, email }, { status: 400 });
  return redirect(safeRedirectPath(form.get('redirectTo')), { headers: { 'Set-Cookie': auth.sessionCookie(result.sessionId) } });
}
