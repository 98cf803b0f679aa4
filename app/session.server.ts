import { redirect, type AppLoadContext } from '@remix-run/node';
import type { Viewer } from './auth.server';

/** The signed-in viewer, or a redirect to sign-in that returns here afterwards. */
export async function requireViewer(request: Request, context: AppLoadContext): Promise<Viewer> {
  const { viewer } = await context.services.auth.readViewer(request.headers.get('cookie'));
  if (viewer) return viewer;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export async function findViewer(request: Request, context: AppLoadContext) {
  return (await context.services.auth.readViewer(request.headers.get('cookie'))).viewer;
}

/** Only same-site relative paths, so a crafted link cannot bounce a user elsewhere after sign-in. */
export function safeRedirectPath(value: FormDataEntryValue | string | null, fallback = '/pipelines') {
  const s = typeof value === 'string' ? value : '';
  return s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\') ? s : fallback;
}
