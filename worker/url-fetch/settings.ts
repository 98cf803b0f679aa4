/** Limits of the URL fetcher; app/env.server.ts reads them from FETCH_* variables, tests pass their own. */
export type UrlFetchSettings = {
  /** Host names (any port) or host:port pairs fetched even when they resolve to a refused address. */
  allowHosts: readonly string[];
  /** Cap on the body, counted after decompression. */
  maxBytes: number;
  /** The whole download, redirects included. */
  timeoutMs: number;
  /** Each TCP (and TLS) connection. */
  connectTimeoutMs: number;
  maxRedirects: number;
  /** Previews and edit-time schemas reuse a cached copy checked this recently; runs always revalidate. */
  revalidateMs: number;
  /** Disk budget of the URL cache; the URLs checked longest ago are dropped past it. */
  cacheMaxBytes: number;
};

export const DEFAULT_URL_FETCH_SETTINGS: UrlFetchSettings = {
  allowHosts: [],
  maxBytes: 200 * 1024 * 1024,
  timeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  maxRedirects: 5,
  revalidateMs: 60_000,
  cacheMaxBytes: 1024 * 1024 * 1024,
};

/** A URL for messages: its user name and password (if any) left out, and shortened when very long. */
export function showUrl(url: string | URL): string {
  if (typeof url === 'string' && !URL.canParse(url)) return url.slice(0, 200);
  const safe = new URL(url);
  safe.username = '';
  safe.password = '';
  const text = safe.href;
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}
