import { json, redirect, type AppLoadContext } from '@remix-run/node';
import { hitRateLimit, type RateLimit } from '../db/queries/rate-limits';
import { clientAddressKey } from './client-address.server';
import { safeRedirectPath } from './session.server';
import { throttleSignIn, type Refusal } from './sign-in-throttle.server';

// Sign-up is limited per client address (account spam); sign-in failures see sign-in-throttle.server.ts.
const SIGN_UP_LIMIT: RateLimit = { limit: 30, windowSeconds: 60 * 60 };

function tooMany({ message, retryAfterSeconds }: Refusal, email: string) {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return json(
    { error: `${message} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, email },
    { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
}

/** Shared by the sign-in and sign-up routes: check the credentials, set the cookie, or return the error to show. */
export async function handleCredentials(request: Request, context: AppLoadContext, mode: 'login' | 'signup') {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const input = { email, password: String(form.get('password') ?? ''), name: String(form.get('name') ?? '') };
  const { auth, db } = context.services;
  return mode === 'login' ? signIn() : signUp();

  async function signIn() {
    const outcome = await throttleSignIn(db, { email, address: context.clientAddress }, () => auth.signIn(input));
    if (outcome.refused) return tooMany(outcome.refused, email);
    const { result } = outcome;
    if (!result.ok) return json({ error: result.error, email }, { status: 400 });
    return redirect(safeRedirectPath(form.get('redirectTo')), { headers: { 'Set-Cookie': auth.sessionCookie(result.sessionId) } });
  }

  async function signUp() {
    const limit = await hitRateLimit(db, `sign-up:${clientAddressKey(context.clientAddress)}`, SIGN_UP_LIMIT);
    if (!limit.allowed) return tooMany({ message: 'Too many new accounts from your network.', retryAfterSeconds: limit.retryAfterSeconds }, email);
    const result = await auth.signUp(input);
    if (!result.ok) return json({ error: result.error, email }, { status: 400 });
    return redirect(signedUpPath(form.get('redirectTo')));
  }
}

/** New and existing e-mails land on the same sign-in page: sign-up must not reveal which accounts exist. */
function signedUpPath(redirectTo: FormDataEntryValue | null) {
  const params = new URLSearchParams({ registered: '1' });
  const next = safeRedirectPath(redirectTo, '');
  if (next) params.set('redirectTo', next);
  return `/login?${params}`;
}
