import { json, redirect, type AppLoadContext } from '@remix-run/node';
import { ZodError } from 'zod';
import { AuthError } from './auth.server';
import { safeRedirectPath } from './session.server';

/** Shared by the sign-in and sign-up routes: run the credential check, set the cookie, or return the error to show. */
export async function handleCredentials(request: Request, context: AppLoadContext, mode: 'login' | 'signup') {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const input = { email, password: String(form.get('password') ?? ''), name: String(form.get('name') ?? '') };
  const { auth } = context.services;
  try {
    const session = mode === 'signup' ? await auth.signUp(input) : await auth.signIn(input);
    return redirect(safeRedirectPath(form.get('redirectTo')), { headers: { 'Set-Cookie': auth.sessionCookie(session.id) } });
  } catch (error) {
    if (error instanceof ZodError) return json({ error: error.issues[0]!.message, email }, { status: 400 });
    if (error instanceof AuthError) return json({ error: error.message, email }, { status: 400 });
    throw error;
  }
}
