import { z } from 'zod';
import { defineNode, UserError, URL_FORMATS, type UrlDatasetRef } from '../define-node';
import { readSchema } from '../io/read-options';
import { url as urlHint } from '../ui-hints';
import { readOptionsOf, readParams, sourceInputSchema } from './dataset';

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

const refOf = (params: { url: string; format: UrlDatasetRef['format'] }): UrlDatasetRef => ({ source: 'url', url: params.url, format: params.format });

/**
 * Reads a file from an http(s) URL. The host does the fetching (address checks, limits, a cache
 * revalidated by ETag/Last-Modified) and the parsing; the node only names the reference, so its content
 * key follows the fetched bytes (see `datasets`) and its columns are those of the last fetch.
 */
export const fetchUrlNode = defineNode({
  type: 'fetch-url',
  version: 2,
  title: 'Fetch from URL',
  category: 'fetch',
  description: 'Reads a CSV, TSV, JSON, NDJSON, NPY or Parquet file from a public http(s) address as a table.',
  inputs: [],
  outputs: [{ name: 'data', label: 'Table', kinds: ['table'] }],
  params: z.object({
    url: z
      .string()
      .trim()
      .min(1, 'Enter the address of the file to read, e.g. https://example.com/data.csv.')
      .refine(isHttpUrl, 'Enter a full address starting with https:// or http://, e.g. https://example.com/data.csv.')
      .meta({ title: 'URL', description: 'Address of a public file; it is read again on every run, and cached between previews.', ...urlHint() }),
    format: z
      .enum(URL_FORMATS)
      .default('auto')
      .meta({ title: 'Format', description: "Auto decides from the server's content type, the file name and the first bytes." }),
    ...readParams,
  }),
  // Version 1 had no read options: it read every column as detected, with the built-in missing values.
  migrate: (params, fromVersion) => (fromVersion < 2 ? { missingTokens: [], types: [], ...(params as object) } : params),
  outputSchema(_inputs, params, ctx) {
    const schema = ctx.datasetSchema(refOf(params));
    if (!schema) throw new UserError(`Fetch from URL: the columns of ${params.url} are not known until it is read. Preview this step or run the pipeline to read them.`);
    return { data: { kind: 'table', schema: readSchema(schema, readOptionsOf(params, 'Fetch from URL')) } };
  },
  datasets: (params) => [refOf(params)],
  async run(_inputs, params, ctx) {
    ctx.progress(0, `Fetching ${params.url}`);
    const table = await ctx.loadDataset(refOf(params), readOptionsOf(params, 'Fetch from URL'));
    ctx.progress(1);
    return { data: { kind: 'table', table, ...sourceInputSchema(table, params.missingTokens) } };
  },
});
