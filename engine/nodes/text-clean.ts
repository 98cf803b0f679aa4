import { z } from 'zod';
import { cleanText, cleanValues, compileFind, MAX_PATTERN_LENGTH } from '../kernels/text-clean';
import { columns } from '../ui-hints';
import { checkSchemaColumns } from './preprocess-node';
import { defineTableTransform } from './table-node';

const textCleanParams = z.object({
  columns: z
    .array(z.string())
    .default([])
    .meta({ title: 'Columns', description: 'Leave empty to clean every category column.', ...columns({ columnKind: 'category' }) }),
  trim: z.boolean().default(true).meta({ title: 'Trim spaces at both ends' }),
  collapseSpaces: z.boolean().default(true).meta({ title: 'Collapse runs of spaces into one' }),
  case: z.enum(['keep', 'lower', 'upper']).default('keep').meta({ title: 'Letter case' }),
  find: z.string().max(200).default('').meta({ title: 'Replace', description: 'Text to replace (done first); leave empty for none.' }),
  replaceWith: z.string().max(200).default('').meta({ title: 'With' }),
  regex: z.boolean().default(false).meta({ title: 'Regular expression', description: `Read 'Replace' as a regular expression (RE2 syntax, at most ${MAX_PATTERN_LENGTH} characters; $1 refers to a group; no look-arounds or back-references).` }),
});

export const textCleanNode = defineTableTransform({
  type: 'text-clean',
  version: 1,
  title: 'Text clean-up',
  description:
    "Tidies category text: replace, collapse spaces, trim, and lower- or upper-case. Values that become equal merge into one category (' Paris' and 'paris' with trim and lower-case); values that become empty become missing.",
  params: textCleanParams,
  apply: (table, p) => cleanText(table, p),
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'Text clean-up', 'category');
    compileFind(p);
    const chosen = new Set(p.columns.length > 0 ? p.columns : schema.columns.filter((c) => c.kind === 'category').map((c) => c.name));
    return { columns: schema.columns.map((c) => (chosen.has(c.name) && c.categories ? { ...c, categories: cleanValues(c.categories, p) } : c)) };
  },
  // Prediction records must be cleaned the same way, or their values would miss the encoders' categories.
  replaySources: 'inPlace',
  replay: (table, p) => cleanText(table, { ...p, columns: p.columns.filter((name) => table.columns.some((c) => c.name === name)) }),
});
