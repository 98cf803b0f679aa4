import { createRequire } from 'node:module';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import express from 'express';
import type { AppServices } from '../app/services.server';
import { modelVersions } from '../db/schema';
import { checkApiRateLimit } from './api-auth';
import { openApiDocument, type DocumentedVersion } from './openapi';
import { findServedVersion, parseVersionSelector, type VersionSelector } from './served-version';

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * The version a model's API document describes: the one asked for (`?version=N` or `?stage=`), else the
 * production version, else the newest, so a model can be documented before its first promotion.
 */
async function findDocumentedVersion(services: AppServices, teamId: string, name: string, sel: VersionSelector): Promise<DocumentedVersion | { missing: string }> {
  const served = await findServedVersion(services.db, teamId, name, sel, { orNewest: true });
  if ('missing' in served) return served;
  const [row] = await services.db
    .select({ task: modelVersions.task, target: modelVersions.target, classes: modelVersions.classes, inputSchema: modelVersions.inputSchema })
    .from(modelVersions)
    .where(eq(modelVersions.id, served.versionId));
  if (!row) return { missing: `Model '${name}' has no version ${served.version} any more.` };
  return { modelName: served.modelName, version: served.version, stage: served.stage, ...row };
}

/** GET /api/v1/models/:name/openapi.json, and Swagger UI's files (served from node_modules: no CDN) for the docs page. */
export function mountApiDocs(app: express.Express, services: AppServices) {
  app.use('/vendor/swagger-ui', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));
  app.get('/api/v1/models/:name/openapi.json', async (req, res, next) => {
    try {
      const caller = await services.callers.authenticate(req.headers, { sameOrigin: true, method: req.method });
      if ('status' in caller) return void res.status(caller.status).json({ error: caller.error });
      const limited = checkApiRateLimit(services, caller);
      if (!limited.ok) return void res.status(429).set('Retry-After', String(limited.retryAfterSeconds)).json({ error: limited.error });
      const selector = parseVersionSelector(new URL(req.originalUrl, 'http://localhost').searchParams);
      if ('errors' in selector) return void res.status(400).json({ error: selector.errors.join(' '), errors: selector.errors });
      const version = await findDocumentedVersion(services, caller.teamId, req.params.name, selector);
      if ('missing' in version) return void res.status(404).json({ error: version.missing });
      res.json(openApiDocument(version, `${req.protocol}://${req.get('host')}`));
    } catch (error) {
      next(error);
    }
  });
}
