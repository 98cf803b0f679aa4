import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireViewer } from '~/session.server';
import { createApiToken, listApiTokens, revokeApiToken } from '../../db/queries/api-tokens';
import { isUuid } from '../../db/queries/pipelines';
import { roleAtLeast } from '../../db/queries/teams';
import { parseApiTokenInput } from '../../serving/api-token-input';

const ADMINS_ONLY = 'Only admins and the owner of the team can see and manage its API tokens.';

/** Loader and action of /settings/tokens: the team's API tokens, for its admins. */
export async function loadTokensPage({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const isAdmin = roleAtLeast(viewer.team.role, 'admin');
  const tokens = isAdmin ? await listApiTokens(context.services.db, viewer.team.id) : [];
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name, isAdmin },
    defaultRateLimitPerMinute: context.services.apiRateLimit.perMinute,
    now: Date.now(),
    tokens: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      scope: t.scope,
      rateLimitPerMinute: t.rateLimitPerMinute,
      prefix: t.prefix,
      createdBy: t.createdByName,
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt?.toISOString() ?? null,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
  };
}

export type TokensActionResult = { error?: string; created?: { name: string; secret: string }; revoked?: string };

export async function handleTokensAction({ request, context }: ActionFunctionArgs): Promise<TokensActionResult> {
  const viewer = await requireViewer(request, context);
  if (!roleAtLeast(viewer.team.role, 'admin')) return { error: ADMINS_ONLY };
  const { db, callers } = context.services;
  const form = await request.formData();
  const actor = { userId: viewer.user.id };
  if (form.get('intent') === 'create') {
    const parsed = parseApiTokenInput({ name: form.get('name'), scope: form.get('scope'), expiresInDays: form.get('expiresInDays'), rateLimitPerMinute: form.get('rateLimitPerMinute') });
    if (!parsed.ok) return { error: parsed.error };
    const { token, secret } = await createApiToken(db, { teamId: viewer.team.id, actor, ...parsed.value });
    return { created: { name: token.name, secret } };
  }
  if (form.get('intent') === 'revoke') {
    const id = String(form.get('id') ?? '');
    const revoked = isUuid(id) ? await revokeApiToken(db, { teamId: viewer.team.id, actor, id }) : undefined;
    if (!revoked) return { error: 'That token was not found in your team, or it was already revoked. Reload the page to see the current list.' };
    callers.forgetToken(revoked.id);
    return { revoked: revoked.name };
  }
  return { error: 'Unknown action: use the Create token or Revoke buttons.' };
}
