import http from 'node:http';
import https from 'node:https';
import { pinnedLookup, resolveTargets } from '../url-fetch/resolve-target';
import { DEFAULT_URL_FETCH_SETTINGS } from '../url-fetch/settings';

export type PostOutcome = { statusCode?: number; error?: string; durationMs: number };

/** Bytes of a receiver's answer read (then dropped): enough to finish the exchange, not to fill memory. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One POST of a delivery. The host is resolved and checked like a Fetch node's (no private addresses unless
 * allowlisted), then the request connects to that checked address only; redirects are not followed (a
 * receiver could bounce us into the private network). Never throws: the outcome says what happened.
 */
export async function postWebhook(target: string, body: string, headers: Record<string, string>, opts: { timeoutMs: number; allowHosts: readonly string[] }): Promise<PostOutcome> {
  const started = performance.now();
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = new URL(target);
    const [address] = await resolveTargets(url, { ...DEFAULT_URL_FETCH_SETTINGS, allowHosts: opts.allowHosts }, signal);
    const statusCode = await new Promise<number>((resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const request = client.request(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: false,
        lookup: pinnedLookup(address!),
        signal,
      });
      request.once('response', (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        response.once('close', () => resolve(response.statusCode ?? 0));
        response.once('error', () => resolve(response.statusCode ?? 0));
      });
      request.once('error', reject);
      request.end(body);
    });
    return { statusCode, durationMs: elapsed() };
  } catch (error) {
    if (signal.aborted) return { error: `No answer within ${opts.timeoutMs / 1000} s (timed out).`, durationMs: elapsed() };
    return { error: describe(error), durationMs: elapsed() };
  }
}

function describe(error: unknown) {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'Connection refused: is the receiver running and listening on that port?';
    case 'ECONNRESET':
      return 'The receiver closed the connection before answering.';
    case 'ENOTFOUND':
      return 'The host name could not be resolved (DNS).';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The receiver's TLS certificate was refused (${e.code}).`;
    default:
      return e.message || String(error);
  }
}
