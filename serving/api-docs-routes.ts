import { createRequire } from 'node:module';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import express from 'express';
import type { AppServices } from '../app/services.server';
import { models, modelVersions } from '../db/schema';
import { authenticateApiRequest, checkApiRateLimit } from './api-auth';
import { openApiDocument, type DocumentedVersion } from './openapi';

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * The version a model's API document describes: the one asked for (`?version=N` or `?stage=`), else the
 * production version, else the newest, so a model can be documented before its first promotion.
 */
async function findDocumentedVersion(services: AppServices, teamId: string, name: string, query: { stage?: unknown; version?: unknown }): Promise<DocumentedVersion | { missing: string }> {
  const [model] = await services.db.select({ id: models.id, name: models.name }).from(models).where(and(eq(models.teamId, teamId), eq(models.name, name)));
  if (!model) return { missing: `No model named '${name}' is registered in this team.` };
  const versionNumber = typeof query.version === 'string' ? Number(query.version) : undefined;
  const stage = typeof query.stage === 'string' ? query.stage : undefined;
  const rows = await services.db
    .select({ version: modelVersions.version, stage: modelVersions.stage, task: modelVersions.task, target: modelVersions.target, classes: modelVersions.classes, inputSchema: modelVersions.inputSchema })
    .from(modelVersions)
    .where(
      versionNumber !== undefined
        ? and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, versionNumber))
        : stage
          ? and(eq(modelVersions.modelId, model.id), eq(modelVersions.stage, stage as 'staging'))
          : eq(modelVersions.modelId, model.id),
    )
    .orderBy(desc(modelVersions.version));
  const row = rows.find((r) => r.stage === 'production') ?? rows[0];
  if (!row) return { missing: versionNumber !== undefined ? `Model '${name}' has no version ${query.version}.` : `Model '${name}' has no version${stage ? ` in ${stage}` : ''}.` };
  return { modelName: model.name, ...row };
}

/** GET /api/v1/models/:name/openapi.json, and Swagger UI's files (served from node_modules: no CDN) for the docs page. */
export function mountApiDocs(app: express.Express, services: AppServices) {
  app.use('/vendor/swagger-ui', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));
  app.get('/api/v1/models/:name/openapi.json', async (req, res, next) => {
    try {
      const caller = await authenticateApiRequest(services, req.headers, { sameOrigin: true, method: req.method });
      if ('status' in caller) return void res.status(caller.status).json({ error: caller.error });
      const limited = checkApiRateLimit(services, caller);
      if (!limited.ok) return void res.status(429).set('Retry-After', String(limited.retryAfterSeconds)).json({ error: limited.error });
      const version = await findDocumentedVersion(services, caller.teamId, req.params.name, req.query);
      if ('missing' in version) return void res.status(404).json({ error: version.missing });
      res.json(openApiDocument(version, `${req.protocol}://${req.get('host')}`));
    } catch (error) {
      next(error);
    }
  });
}
