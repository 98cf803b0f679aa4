import { isIP } from 'node:net';
import { classifyAddress, isHostAllowed } from '../url-fetch/address-policy';

/**
 * Checks a webhook URL when it is saved: https (plain http only to a host in FETCH_ALLOW_HOSTS, e.g. a
 * receiver on the same machine), no credentials, and no private or loopback address unless allowlisted.
 * Host names are checked again after DNS at each delivery. Returns the normalised URL or a message saying why not.
 */
export function checkWebhookUrl(text: string, allowHosts: readonly string[]): { url: string } | { error: string } {
  const trimmed = text.trim();
  if (!URL.canParse(trimmed)) return { error: `"${trimmed.slice(0, 200)}" is not a URL. Enter the full address of your endpoint, starting with https://.` };
  const url = new URL(trimmed);
  const allowed = isHostAllowed(url, allowHosts);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) {
    return {
      error:
        url.protocol === 'http:'
          ? `Webhooks are sent over https only, so their signature and data cannot be read on the way; use https://${url.host}${url.pathname}. (Plain http is allowed only to hosts listed in FETCH_ALLOW_HOSTS.)`
          : `Webhook URLs start with https://; ${url.protocol.slice(0, -1)} is not supported.`,
    };
  }
  if (url.username || url.password) return { error: 'Remove the user name and password from the URL: each delivery is signed with the webhook secret instead.' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowed && isIP(host)) {
    const reason = classifyAddress(host);
    if (reason) return { error: `${host} is ${reason}; webhooks cannot be sent into the server's own network. Ask your admin to add "${url.host}" to FETCH_ALLOW_HOSTS if this receiver is trusted.` };
  }
  if (url.href.length > 2000) return { error: 'The URL is longer than 2,000 characters.' };
  return { url: url.href };
}
