import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { UserError } from '../../engine/define-node';
import { pinnedLookup, type Target } from './resolve-target';
import { showUrl, type UrlFetchSettings } from './settings';

/** No connection could be made to this address; another address of the same host may still answer. */
export class ConnectError extends UserError {}

/**
 * One GET to an already checked address: a fresh connection (no agent, so no socket reuse across
 * hosts), the connect phase timed on its own, the response handed back at its headers. Connection
 * failures come back as UserErrors naming the URL; an abort of `signal` rejects with its reason.
 */
export function requestOnce(
  url: URL,
  target: Target,
  headers: Record<string, string>,
  settings: UrlFetchSettings,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: 'GET', headers, agent: false, lookup: pinnedLookup(target), signal });
    let connectTimer: NodeJS.Timeout | undefined;
    const fail = (error: Error) => {
      clearTimeout(connectTimer);
      request.destroy();
      reject(error);
    };
    request.once('socket', (socket) => {
      connectTimer = setTimeout(() => {
        fail(new ConnectError(`Could not connect to ${showUrl(url)} within ${seconds(settings.connectTimeoutMs)} (address ${target.address}). The server may be down or unreachable; try again later.`));
      }, settings.connectTimeoutMs);
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    request.once('response', (response) => {
      clearTimeout(connectTimer);
      resolve(response);
    });
    request.once('error', (error) => {
      clearTimeout(connectTimer);
      reject(signal.aborted ? signal.reason : describeNetworkError(url, target, error as NodeJS.ErrnoException));
    });
    request.end();
  });
}

function describeNetworkError(url: URL, target: Target, error: NodeJS.ErrnoException): UserError {
  const where = `${showUrl(url)} (address ${target.address})`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new ConnectError(`The server of ${where} refused the connection. Check the address and port, and that the server is up.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new UserError(`The server of ${where} closed the connection before answering. Try again later.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ConnectError(`${where} cannot be reached from the server (${error.code}). Check the address.`);
    default:
      if (error.code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(error.message)) {
        return new UserError(`The secure connection to ${where} failed: ${error.message}. The site's certificate may be invalid or expired; ask its owner.`);
      }
      return new UserError(`Fetching ${where} failed: ${error.message}${error.code ? ` (${error.code})` : ''}.`);
  }
}

export const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
