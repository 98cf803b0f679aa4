import { z } from 'zod';
import { defineNode, UserError, type StoredDatasetRef } from '../define-node';
import { dataset as datasetHint } from '../ui-hints';

/** Loads a bundled sample or an uploaded dataset version; the host decides where the bytes come from. */
export const datasetRefSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('sample'), name: z.string().min(1) }),
  z.object({ source: z.literal('upload'), datasetVersionId: z.string().min(1) }),
]);

function describeRef(ref: StoredDatasetRef): string {
  return ref.source === 'sample' ? `sample '${ref.name}'` : `uploaded dataset version '${ref.datasetVersionId}'`;
}

export const datasetNode = defineNode({
  type: 'dataset',
  version: 1,
  title: 'Dataset',
  category: 'fetch',
  description: 'Reads a bundled sample or one of your uploaded datasets as a table.',
  inputs: [],
  outputs: [{ name: 'data', label: 'Table', kinds: ['table'] }],
  params: z.object({
    dataset: datasetRefSchema
      .default({ source: 'sample', name: 'penguins' })
      .meta({ title: 'Dataset', description: 'Which dataset to read.', ...datasetHint() }),
  }),
  outputSchema(_inputs, params, ctx) {
    const schema = ctx.datasetSchema(params.dataset);
    if (!schema) throw new UserError(`Dataset: the ${describeRef(params.dataset)} was not found. It may have been deleted; pick another dataset.`);
    return { data: { kind: 'table', schema } };
  },
  datasets: (params) => [params.dataset],
  async run(_inputs, params, ctx) {
    ctx.progress(0, `Loading ${describeRef(params.dataset)}`);
    const table = await ctx.loadDataset(params.dataset);
    ctx.progress(1);
    return { data: { kind: 'table', table } };
  },
});
