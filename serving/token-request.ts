import type { IncomingMessage } from 'node:http';

/**
 * A GraphQL or REST API request authenticated by an API token. These skip the Origin check: the token, not a
 * cookie, says who calls, and those paths never fall back to the cookie when a token is sent.
 */
export function isTokenApiRequest(req: IncomingMessage) {
  const path = (req.url ?? '').split('?')[0]!;
  return /^bearer\s/i.test(req.headers.authorization ?? '') && (path === '/graphql' || path.startsWith('/api/v1/'));
}
