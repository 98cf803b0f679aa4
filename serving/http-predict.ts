import type { AppServices } from '../app/services.server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { predictionsJson } from '../engine/training/predictions-json';
import { checkApiRateLimit, type ApiAuthServices } from './api-auth';
import { parseJsonBody, readBody } from './http-body';
import type { PredictResult, PredictService } from './predict-service';
import { parseVersionSelector } from './served-version';

export const PREDICT_PATH_PREFIX = '/api/v1/models/';
const PREDICT_PATH = /^\/api\/v1\/models\/([^/]+)\/predict\/?$/;

export type ServingServices = ApiAuthServices & Pick<AppServices, 'apiRateLimit'> & { predictions: PredictService };
export type PredictHandlerOptions = { maxBodyBytes: number; isAllowedOrigin: (req: IncomingMessage) => boolean };

/**
 * `POST /api/v1/models/{name}/predict[?stage=staging|production][&version=N]` with `{"records": [...]}`,
 * answered with `{ model, version, stage, predictions }` (and `warnings` when the model read a value otherwise than it may have been meant). Plain node:http (no express or Remix per
 * request): the web server mounts it before express, and `npm run serve` runs it alone. Returns false
 * for paths it does not own, so the caller passes them on.
 */
export function createPredictHandler(services: ServingServices, opts: PredictHandlerOptions) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '/';
    if (!url.startsWith(PREDICT_PATH_PREFIX)) return false;
    const query = url.indexOf('?');
    const match = PREDICT_PATH.exec(query < 0 ? url : url.slice(0, query));
    if (!match) return false;
    answer(services, opts, req, res, match[1]!, new URLSearchParams(query < 0 ? '' : url.slice(query + 1))).catch((error) => {
      console.error(`[serving] ${req.method} ${url}: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
      if (!res.headersSent) sendErrors(res, 500, ['The prediction failed on the server; the server log says why.']);
      else res.destroy();
    });
    return true;
  };
}

async function answer(services: ServingServices, opts: PredictHandlerOptions, req: IncomingMessage, res: ServerResponse, rawName: string, params: URLSearchParams) {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return sendErrors(res, 405, [`Use POST to predict; ${req.method} is not supported here.`]);
  }
  const caller = await services.callers.authenticate(req.headers, { sameOrigin: opts.isAllowedOrigin(req), method: req.method });
  if ('status' in caller) return refuse(req, res, caller.status, [caller.error]);
  const limited = checkApiRateLimit(services, caller);
  if (!limited.ok) {
    res.setHeader('retry-after', String(limited.retryAfterSeconds));
    return refuse(req, res, 429, [limited.error]);
  }
  const type = req.headers['content-type'];
  if (type && !/\bjson\b/i.test(type)) return refuse(req, res, 415, [`Send the body as JSON with Content-Type: application/json, not ${type}.`]);
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return refuse(req, res, 400, [`The model name in the path is not valid URL encoding: '${rawName}'.`]);
  }
  const selector = parseVersionSelector(params);
  const bytes = await readBody(req, opts.maxBodyBytes);
  if (!bytes.ok) return refuse(req, res, 400, [bytes.error, ...('errors' in selector ? selector.errors : [])]);
  const result = ('errors' in selector ? null : await services.predictions.predictBody(caller.teamId, name, selector, bytes.bytes)) ?? (await parsedAnswer(services, caller.teamId, name, selector, bytes.bytes));
  if (!result.ok) return sendErrors(res, result.status, result.errors);
  const { version, batch } = result;
  // The predictions' JSON is written from the typed array; the envelope around it is small.
  const warnings = batch.warnings.length > 0 ? { warnings: batch.warnings } : {};
  const envelope = JSON.stringify({ model: version.modelName, version: version.version, stage: version.stage, ...warnings, predictions: null });
  sendText(res, 200, `${envelope.slice(0, -'null}'.length)}${predictionsJson(batch.model, batch.predicted, batch.rows)}}`);
}

/**
 * The general path, for every body predictBody leaves (record-scanner.ts): JSON.parse, then `predict`'s checks,
 * which name every problem.
 */
async function parsedAnswer(services: ServingServices, teamId: string, name: string, selector: ReturnType<typeof parseVersionSelector>, bytes: Buffer): Promise<PredictResult> {
  const body = parseJsonBody(bytes);
  if (!body.ok) return { ok: false, status: 400, errors: [body.error, ...('errors' in selector ? selector.errors : [])] };
  if ('errors' in selector) return { ok: false, status: 400, errors: selector.errors };
  const records = body.value !== null && typeof body.value === 'object' && !Array.isArray(body.value) ? (body.value as { records?: unknown }).records : undefined;
  if (records === undefined) return { ok: false, status: 400, errors: ['The body must be a JSON object with a "records" array, e.g. {"records": [{"column": value, ...}]}.'] };
  return services.predictions.predict(teamId, name, selector, records);
}

/** An answer sent before the body was read: the connection closes, so an unread body cannot be taken for the next request. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, errors: string[]) {
  if (!req.complete) res.setHeader('connection', 'close');
  sendErrors(res, status, errors);
}

/** Errors as the OpenAPI document (serving/openapi.ts) describes them: one sentence, and every problem. */
function sendErrors(res: ServerResponse, status: number, errors: string[]) {
  send(res, status, { error: errors.join(' '), errors });
}

function send(res: ServerResponse, status: number, body: unknown) {
  sendText(res, status, JSON.stringify(body));
}

/**
 * Answers are encoded into one buffer kept for the next answer: allocating a fresh buffer for each
 * (Buffer.from) cost more than encoding into it, about a fifth of a batch of 100's HTTP round trip. The
 * buffer is free again only once the answer went to the kernel whole, which is when the response has
 * nothing left to write; otherwise a pending write (a slow reader, a pipelined answer queued behind
 * another) holds it, and the next answer takes a new one.
 */
const RESPONSE_BUFFER_BYTES = 128 * 1024;
let responseBuffer = Buffer.allocUnsafe(RESPONSE_BUFFER_BYTES);

function sendText(res: ServerResponse, status: number, text: string) {
  // A UTF-16 unit is at most three UTF-8 bytes, so a text within a third of the buffer always fits.
  const pooled = text.length * 3 <= RESPONSE_BUFFER_BYTES;
  const body = pooled ? responseBuffer.subarray(0, responseBuffer.write(text, 0, 'utf8')) : Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(body);
  if (pooled && res.writableLength !== 0) responseBuffer = Buffer.allocUnsafe(RESPONSE_BUFFER_BYTES);
}
