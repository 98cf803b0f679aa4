import { z } from 'zod';
import type { ModelInputSchema } from '../engine/define-node';
import type { ColumnSchema } from '../engine/table';

const CATEGORY_EXAMPLES = 20;

/** Said of a column the model does not read, after what its values are. */
const UNUSED = ' Not read by this model: may be left out.';

function columnSchema(column: ModelInputSchema['columns'][number]) {
  const schema = valueSchema(column);
  return column.unused ? schema.optional().meta({ ...schema.meta(), description: `${schema.meta()?.description ?? ''}${UNUSED}`.trim() }) : schema;
}

function valueSchema(column: ColumnSchema) {
  switch (column.kind) {
    case 'number':
      return z.number().nullable().meta({ description: `Number; null when missing.` });
    case 'category': {
      const known = column.categories ?? [];
      const listed = known.slice(0, CATEGORY_EXAMPLES);
      return z
        .string()
        .nullable()
        .meta({
          description: known.length
            ? `Text; the model was trained on ${known.length} values (${listed.join(', ')}${known.length > listed.length ? ', …' : ''}). null when missing.`
            : 'Text; null when missing.',
          ...(listed.length ? { examples: listed } : {}),
        });
    }
    case 'date':
      return z.string().nullable().meta({ description: 'Date or date-time, ISO 8601 (2024-05-01 or 2024-05-01T12:00:00Z); null when missing.' });
  }
}

/**
 * One record as a prediction request sends it: every column the model’s input schema lists, by name, and
 * nothing else; the columns the model does not read may be left out. Shared by the OpenAPI document and
 * anything that checks records against it.
 */
export function recordSchemaOf(input: ModelInputSchema) {
  return z.strictObject(
    Object.fromEntries(input.columns.map((c) => [c.name, columnSchema(c)])),
  );
}

/** An example record for documentation: typical values a user can send as they are, for the columns the model reads. */
export function exampleRecordOf(input: ModelInputSchema): Record<string, number | string | null> {
  return Object.fromEntries(
    input.columns.filter((c) => !c.unused).map((c) => [c.name, c.kind === 'number' ? 1 : c.kind === 'date' ? '2024-05-01' : (c.categories?.[0] ?? 'text')]),
  );
}
