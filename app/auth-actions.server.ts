import { json, redirect, type AppLoadContext } from '@remix-run/node';
import { hitRateLimit, type RateLimit } from '../db/queries/rate-limits';
import { newPasswordSchema, type Viewer } from './auth.server';
import { clientAddressKey } from './client-address.server';
import { safeRedirectPath } from './session.server';
import { throttleSignIn, type Refusal } from './sign-in-throttle.server';

// Sign-up is limited per client address (account spam); sign-in failures see sign-in-throttle.server.ts.
const SIGN_UP_LIMIT: RateLimit = { limit: 30, windowSeconds: 60 * 60 };

const tryAgain = ({ message, retryAfterSeconds }: Refusal) => {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `${message} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
};
const retryHeaders = ({ retryAfterSeconds }: Refusal) => ({ 'Retry-After': String(retryAfterSeconds) });

function tooMany(refusal: Refusal, email: string) {
  return json({ error: tryAgain(refusal), email }, { status: 429, headers: retryHeaders(refusal) });
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

/**
 * The account page's password change. Checking the current password is a sign-in in disguise, so it goes
 * through the same failure limits: a stolen session cannot be used to guess the password behind it.
 */
export async function handlePasswordChange(request: Request, context: AppLoadContext, viewer: Viewer) {
  const form = await request.formData();
  const newPassword = String(form.get('newPassword') ?? '');
  const refuse = (message: string, status = 400, headers?: HeadersInit) => json({ ok: false, message }, { status, headers });
  if (newPassword !== String(form.get('confirmPassword') ?? '')) return refuse('The new password and its confirmation differ. Type the same password twice.');
  const rule = newPasswordSchema.safeParse(newPassword);
  if (!rule.success) return refuse(rule.error.issues[0]!.message);
  const { auth, db } = context.services;
  const currentPassword = String(form.get('currentPassword') ?? '');
  const outcome = await throttleSignIn(db, { email: viewer.user.email, address: context.clientAddress }, () =>
    auth.changePassword(viewer, { currentPassword, newPassword }),
  );
  if (outcome.refused) return refuse(tryAgain(outcome.refused), 429, retryHeaders(outcome.refused));
  if (!outcome.result.ok) return refuse(outcome.result.error);
  return json({ ok: true, message: 'Password changed. Your other sessions were signed out; this one stays signed in.' });
}
