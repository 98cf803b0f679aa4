import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { UserError } from '../../engine/define-node';
import { classifyAddress, isHostAllowed } from './address-policy';
import { showUrl, type UrlFetchSettings } from './settings';

/** The one address a request connects to: resolved, checked, and then pinned (see pinnedLookup). */
export type Target = { address: string; family: 4 | 6 };
/** Every address of a host name; the system resolver unless a test passes its own. */
export type LookupHost = (host: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: LookupHost = (host) => lookup(host, { all: true, verbatim: true });

/** Refuses anything but http(s) and URLs carrying a password, whose secret would end up in messages and logs. */
export function checkUrl(text: string): URL {
  if (!URL.canParse(text)) throw new UserError(`"${text.slice(0, 200)}" is not a URL. Enter a full address starting with https:// or http://.`);
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`Only http and https URLs can be fetched; ${showUrl(url)} uses ${url.protocol.slice(0, -1)}. Use an http(s) address.`);
  }
  if (url.username || url.password) {
    throw new UserError(`${showUrl(url)} carries a user name or password. Fetch reads public URLs only; remove the credentials (or use a signed link that has its token in the query).`);
  }
  return url;
}

/**
 * Resolves the URL's host and checks every address it resolves to, so a name with one public and one
 * private record cannot be used to reach the private one. Hosts in FETCH_ALLOW_HOSTS skip the check.
 * Returns the addresses to try, in the resolver's order.
 */
export async function resolveTargets(url: URL, settings: UrlFetchSettings, signal: AbortSignal, lookupHost = systemLookup): Promise<Target[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await lookupAll(url, host, signal, lookupHost);
  if (isHostAllowed(url, settings.allowHosts)) return addresses.map(pick);
  for (const { address } of addresses) {
    const reason = classifyAddress(address);
    if (!reason) continue;
    const where = literal ? `${showUrl(url)} points to ${address}` : `${showUrl(url)}: the host ${host} resolves to ${address}`;
    throw new UserError(
      `${where}, ${reason}. Fetch does not read from inside the server's own network; if this source is trusted, ask your admin to add "${url.host}" to FETCH_ALLOW_HOSTS.`,
    );
  }
  return addresses.map(pick);
}

async function lookupAll(url: URL, host: string, signal: AbortSignal, lookupHost: LookupHost) {
  try {
    // dns.lookup cannot be cancelled; racing it keeps a hung resolver from outliving the deadline.
    const found = await Promise.race([lookupHost(host), abortion(signal)]);
    if (found.length === 0) throw Object.assign(new Error('no addresses'), { code: 'ENOTFOUND' });
    return found;
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UserError(`Could not find the host "${host}" of ${showUrl(url)} (DNS lookup failed: ${code}). Check the spelling of the address, or try again if the name server is down.`);
  }
}

function abortion(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function pick(entry: { address: string; family: number }): Target {
  return { address: entry.address, family: entry.family === 6 ? 6 : 4 };
}

/**
 * A `lookup` for http(s).request that answers with the checked address whatever name it is asked for,
 * so DNS cannot answer differently (rebinding) between the check and the connection.
 */
export function pinnedLookup(target: Target): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}
