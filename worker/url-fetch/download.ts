import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { UserError } from '../../engine/define-node';
import { ConnectError, requestOnce, seconds } from './http-request';
import { checkUrl, resolveTargets, type LookupHost, type Target } from './resolve-target';
import { showUrl, type UrlFetchSettings } from './settings';

/** Validators of a cached copy, sent only to the URL that gave them (a redirect may have moved). */
export type Validators = { url: string; etag?: string; lastModified?: string };

export type Downloaded = {
  status: 'downloaded';
  finalUrl: string;
  sha256: string;
  bytes: number;
  etag?: string;
  lastModified?: string;
  contentType?: string;
  fileName?: string;
};
export type DownloadResult = Downloaded | { status: 'not-modified'; finalUrl: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs `url` into `file` (which must not exist), following at most `maxRedirects` redirects, each hop
 * checked again for its scheme and address. The body is counted after decompression, so neither a large
 * file nor a small gzip bomb gets past `maxBytes`, and hashed as it streams. The whole exchange has one
 * deadline. Every failure is a UserError naming the URL, except an abort of `signal`, which rejects
 * with its reason. On failure `file` is removed.
 */
type DownloadOptions = {
  settings: UrlFetchSettings;
  file: string;
  validators?: Validators;
  signal?: AbortSignal;
  /** The system resolver unless a test passes its own. */
  lookupHost?: LookupHost;
};

export async function downloadUrl(url: string, opts: DownloadOptions): Promise<DownloadResult> {
  const { settings } = opts;
  const deadline = AbortSignal.timeout(settings.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  try {
    return await follow(checkUrl(url), opts, signal);
  } catch (error) {
    await rm(opts.file, { force: true });
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (deadline.aborted) {
      throw new UserError(`${showUrl(url)} did not finish within ${seconds(settings.timeoutMs)}. The server is slow or the file is large; try again later, use a faster source, or ask your admin to raise FETCH_TIMEOUT_SECONDS.`);
    }
    throw error;
  }
}

async function follow(start: URL, opts: DownloadOptions, signal: AbortSignal): Promise<DownloadResult> {
  const { settings, validators } = opts;
  let url = start;
  for (let hop = 0; ; hop++) {
    const targets = await resolveTargets(url, settings, signal, opts.lookupHost);
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'Pipewright-Fetch/1' };
    if (validators?.url === url.href) {
      if (validators.etag) headers['if-none-match'] = validators.etag;
      if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    }
    const response = await connectAny(url, targets, headers, settings, signal);
    const status = response.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      response.destroy();
      const location = response.headers.location;
      if (!location || !URL.canParse(location, url)) throw new UserError(`${showUrl(url)} answered with a redirect (HTTP ${status}) but no usable Location. Ask the site's owner, or use the final address.`);
      if (hop >= settings.maxRedirects) {
        throw new UserError(`${showUrl(start)} redirected more than ${settings.maxRedirects} times (the last hop was to ${showUrl(new URL(location, url))}). It may redirect in a loop; use the final address directly.`);
      }
      url = checkUrl(new URL(location, url).href);
      continue;
    }
    if (status === 304 && validators?.url === url.href) {
      response.destroy();
      return { status: 'not-modified', finalUrl: url.href };
    }
    if (status !== 200) {
      response.destroy();
      throw new UserError(describeStatus(url, status, response.statusMessage));
    }
    return { status: 'downloaded', finalUrl: url.href, ...(await saveBody(response, url, opts.file, settings, signal)) };
  }
}

/** Tries each checked address in turn (a host with an unreachable IPv6 record still works over IPv4). */
async function connectAny(url: URL, targets: Target[], headers: Record<string, string>, settings: UrlFetchSettings, signal: AbortSignal) {
  for (let i = 0; ; i++) {
    try {
      return await requestOnce(url, targets[i]!, headers, settings, signal);
    } catch (error) {
      if (!(error instanceof ConnectError) || i === targets.length - 1) throw error;
    }
  }
}

function describeStatus(url: URL, status: number, text: string | undefined): string {
  const answered = `${showUrl(url)} answered HTTP ${status}${text ? ` ${text}` : ''}.`;
  if (status === 401 || status === 403) return `${answered} The file is not public; Fetch reads only URLs that open without signing in.`;
  if (status === 404 || status === 410) return `${answered} Check the URL; the file may have moved or been deleted.`;
  if (status === 429) return `${answered} The server is limiting requests; try again later.`;
  if (status >= 500) return `${answered} The server has a problem; try again later.`;
  return `${answered} Fetch needs a 200 answer with the file; check the URL.`;
}

class TooLargeError extends Error {}

async function saveBody(response: IncomingMessage, url: URL, file: string, settings: UrlFetchSettings, signal: AbortSignal) {
  const encoding = (response.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  const tooLarge = () =>
    new UserError(
      `${showUrl(url)} is larger than the ${formatBytes(settings.maxBytes)} limit${encoding === 'identity' ? '' : ' once decompressed'}. Use a smaller file, or ask your admin to raise FETCH_MAX_BYTES.`,
    );
  const declared = Number(response.headers['content-length']);
  if (encoding === 'identity' && declared > settings.maxBytes) {
    response.destroy();
    throw tooLarge(); // refused before reading a byte
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.byteLength;
      if (bytes > settings.maxBytes) return callback(new TooLargeError());
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  let decoders: Transform[];
  try {
    decoders = decoderFor(url, encoding);
  } catch (error) {
    response.destroy();
    throw error;
  }
  const stages: (Readable | Transform)[] = [response, ...decoders, counter];
  try {
    await pipeline([...stages, createWriteStream(file, { flags: 'wx' })], { signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof TooLargeError) throw tooLarge();
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || code.startsWith('ERR__')) {
      throw new UserError(`${showUrl(url)} sent a body that is not valid ${encoding} data (${(error as Error).message}). Ask the site's owner, or try again.`);
    }
    throw new UserError(`The download of ${showUrl(url)} broke off after ${formatBytes(bytes)} (${(error as Error).message}). Try again later.`);
  }
  const header = (name: string) => {
    const value = response.headers[name];
    return typeof value === 'string' && value ? value : undefined;
  };
  return { sha256: hash.digest('hex'), bytes, etag: header('etag'), lastModified: header('last-modified'), contentType: header('content-type'), fileName: fileNameOf(url, header('content-disposition')) };
}

function decoderFor(url: URL, encoding: string): Transform[] {
  if (encoding === 'identity' || encoding === '') return [];
  if (encoding === 'gzip' || encoding === 'x-gzip') return [createGunzip()];
  if (encoding === 'deflate') return [createInflate()];
  if (encoding === 'br') return [createBrotliDecompress()];
  throw new UserError(`${showUrl(url)} sent its body in the "${encoding}" encoding, which Fetch cannot read. Ask for an uncompressed or gzip link.`);
}

function fileNameOf(url: URL, disposition: string | undefined): string | undefined {
  const star = disposition && /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  const plain = disposition && /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  const fromPath = url.pathname.split('/').pop();
  const raw = (star && star[1]) || (plain && plain[1]) || fromPath || undefined;
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}
