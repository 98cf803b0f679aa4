import { z } from 'zod';
import type { ModelInputSchema } from '../engine/define-node';
import { exampleRecordOf, recordSchemaOf } from './record-schema';

/** What a model version's API document is generated from (a model_versions row and its model's name). */
export type DocumentedVersion = {
  modelName: string;
  version: number;
  stage: string;
  task: 'classification' | 'regression';
  target: string;
  classes: string[];
  inputSchema: ModelInputSchema;
};

const classPrediction = z.object({
  label: z.string().meta({ description: 'The most probable class.' }),
  probabilities: z.array(z.object({ label: z.string(), probability: z.number().min(0).max(1) })).meta({ description: 'Every class with its probability, in the model\'s class order.' }),
});
const valuePrediction = z.object({ value: z.number().meta({ description: 'The predicted value.' }) });

/** The body of a successful prediction: the version that answered and one prediction per record, in order. */
export const predictionResponseSchema = (task: DocumentedVersion['task']) =>
  z.object({
    model: z.string(),
    version: z.number().int().min(1).meta({ description: 'The version that answered.' }),
    stage: z.string().meta({ description: 'Its stage: production, staging, none or archived (a version asked for by number may have any).' }),
    warnings: z
      .array(z.string())
      .optional()
      .meta({ description: 'Present when the model read a value otherwise than it may have been meant, e.g. a category it never saw in training; the predictions are made all the same.' }),
    predictions: z.array(task === 'classification' ? classPrediction : valuePrediction),
  });

const errorSchema = z.object({
  error: z.string().meta({ description: 'What was wrong and how to fix it.' }),
  errors: z.array(z.string()).optional().meta({ description: 'Every problem found, when there are several (one per record and column).' }),
});

const json = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/**
 * The OpenAPI 3.1 document of one model's prediction endpoint, generated from the version's input schema:
 * request `{ records: [...] }`, response predictions (with class probabilities for classifiers), errors
 * 400/401/403/404/429, and bearer-token or same-origin session security.
 */
export function openApiDocument(v: DocumentedVersion, baseUrl: string, opts: { maxRecords?: number } = {}) {
  const record = recordSchemaOf(v.inputSchema);
  const example = exampleRecordOf(v.inputSchema);
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  const what = v.task === 'classification' ? `the class of ${v.target} (${v.classes.join(', ')}) with probabilities` : `${v.target}`;
  return {
    openapi: '3.1.0',
    info: {
      title: `${v.modelName} prediction API`,
      version: String(v.version),
      description: `Predicts ${what} from records as the data has them, before the preparation steps (the model applies them as in training). Documented from version ${v.version} (${v.stage === 'none' ? 'no stage' : v.stage}); other versions may take other columns.`,
    },
    servers: [{ url: baseUrl }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths: {
      [`/api/v1/models/${encodeURIComponent(v.modelName)}/predict`]: {
        post: {
          operationId: 'predict',
          summary: `Predict with ${v.modelName}`,
          description: 'Answers from the production version unless `stage` or `version` says otherwise.',
          parameters: [
            { name: 'stage', in: 'query', required: false, description: 'Which stage answers (default production).', schema: { type: 'string', enum: ['production', 'staging'] } },
            {
              name: 'version',
              in: 'query',
              required: false,
              description: 'A version number; takes precedence over stage.',
              schema: { type: 'integer', minimum: 1 },
              // Try it out fills in examples: a version not in production (maybe none is yet) is the one tried.
              ...(v.stage === 'production' ? {} : { example: v.version }),
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictRequest' }, example: { records: [example] } } },
          },
          responses: {
            '200': { description: 'One prediction per record, in order.', content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictResponse' } } } },
            '400': errorResponse('The body is not valid: unknown or missing columns, wrong types, too many records, too large. Lists every problem.'),
            '401': errorResponse('No credentials, or an API token that is unknown, revoked or expired.'),
            '403': errorResponse('A cookie request from another site.'),
            '404': errorResponse('No such model in the team, or no version in the stage asked for.'),
            '429': {
              ...errorResponse('Too many requests for this token; wait as Retry-After says.'),
              headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } },
            },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token of the team (Settings → API tokens): pw_…' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'pw_session', description: 'A signed-in session, from pages of this site.' },
      },
      schemas: {
        Record: json(record),
        PredictRequest: {
          type: 'object',
          properties: { records: { type: 'array', items: { $ref: '#/components/schemas/Record' }, minItems: 1, ...(opts.maxRecords ? { maxItems: opts.maxRecords } : {}) } },
          required: ['records'],
          additionalProperties: false,
        },
        PredictResponse: json(predictionResponseSchema(v.task)),
        Error: json(errorSchema),
      },
    },
  };
}
