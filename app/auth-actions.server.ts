import { json, redirect, type AppLoadContext } from '@remix-run/node';
import { hitRateLimit, type RateLimit } from '../db/queries/rate-limits';
import { safeRedirectPath } from './session.server';

// Sign-in is limited per account (password guessing), sign-up per client address (account spam).
const SIGN_IN_LIMIT: RateLimit = { limit: 10, windowSeconds: 15 * 60 };
const SIGN_UP_LIMIT: RateLimit = { limit: 30, windowSeconds: 60 * 60 };

/** Shared by the sign-in and sign-up routes: check the credentials, set the cookie, or return the error to show. */
export async function handleCredentials(request: Request, context: AppLoadContext, mode: 'login' | 'signup') {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const input = { email, password: String(form.get('password') ?? ''), name: String(form.get('name') ?? '') };
  const { auth, db } = context.services;

  const key = mode === 'login' ? `sign-in:${email.trim().toLowerCase()}` : `sign-up:${context.clientAddress}`;
  const { allowed, retryAfterSeconds } = await hitRateLimit(db, key, mode === 'login' ? SIGN_IN_LIMIT : SIGN_UP_LIMIT);
  if (!allowed) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    const what = mode === 'login' ? 'sign-in attempts for this account' : 'new accounts from your network';
    return json(
      { error: `Too many ${what}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, email },
      { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
    );
  }

  const result = mode === 'signup' ? await auth.signUp(input) : await auth.signIn(input);
  if (!result.ok) return json({ error: result.error, email }, { status: 400 });
  return redirect(safeRedirectPath(form.get('redirectTo')), { headers: { 'Set-Cookie': auth.sessionCookie(result.sessionId) } });
}
