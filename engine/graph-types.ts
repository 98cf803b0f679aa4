import { z } from 'zod';

/** The saved pipeline graph: what the canvas edits, Postgres stores and the worker runs. */

/** Size caps of a saved graph: far above any hand-drawn pipeline, far below what would strain the server. */
export const GRAPH_LIMITS = {
  maxNodes: 500,
  maxEdges: 2000,
  /** One node's parameters, serialized as JSON. */
  maxParamsBytes: 64 * 1024,
  /** One node's note, in characters. */
  maxNoteChars: 4000,
  /** The whole graph, serialized as JSON. */
  maxGraphBytes: 2 * 1024 * 1024,
} as const;

// Postgres text and jsonb cannot hold U+0000; refuse it here, where every saved string passes.
const NUL_MESSAGE = 'contains a NUL character (\\u0000), which cannot be stored. Remove it and try again.';
const hasNul = (s: string) => s.includes('\u0000');
const text = (min: number, max: number) =>
  z.string().min(min).max(max).refine((s) => !hasNul(s), { message: `This text ${NUL_MESSAGE}` });

/** The path ("a.b[2]") of the first string or key holding NUL in a JSON value, or undefined. */
function findNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return hasNul(value) ? path || '(value)' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (hasNul(key)) return at;
      const found = findNul(v, at);
      if (found) return found;
    }
  }
  return undefined;
}

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');
const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** Pipeline names, wherever they are set (GraphQL, the pipelines page). */
export const pipelineNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the pipeline a name.')
  .max(120, 'Pipeline names are limited to 120 characters.')
  .refine((s) => !hasNul(s), { message: `The pipeline name ${NUL_MESSAGE}` });

/** Names of checkpoints (named versions). */
export const checkpointNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the version a name.')
  .max(120, 'Version names are limited to 120 characters.')
  .refine((s) => !hasNul(s), { message: `The version name ${NUL_MESSAGE}` });

/** Node ids end up in storage keys and DOM attributes: letters, digits, '-' and '_' only. */
const nodeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Node ids use 1 to 64 letters, digits, "-" or "_".');

export const graphNodeSchema = z
  .object({
    id: nodeId,
    type: text(1, 64),
    version: z.number().int().positive(),
    params: z.record(z.string(), z.unknown()),
    position: z.object({ x: z.number(), y: z.number() }),
    label: text(0, 120).optional(),
    /** The user's free-text note on the node; kept out of params, so it never changes what runs or its cache key. */
    note: text(0, GRAPH_LIMITS.maxNoteChars).optional(),
  })
  .superRefine((node, ctx) => {
    const bytes = jsonBytes(node.params);
    if (bytes > GRAPH_LIMITS.maxParamsBytes) {
      ctx.addIssue({
        code: 'custom',
        path: ['params'],
        message: `Node "${node.id}" has ${kb(bytes)} of settings; the limit is ${kb(GRAPH_LIMITS.maxParamsBytes)} per node. Shorten its longest values.`,
      });
      return;
    }
    const at = findNul(node.params);
    if (at) ctx.addIssue({ code: 'custom', path: ['params'], message: `Node "${node.id}": setting "${at}" ${NUL_MESSAGE}` });
  });

export const graphEdgeSchema = z.object({
  id: text(1, 160),
  source: nodeId,
  sourcePort: text(0, 64),
  target: nodeId,
  targetPort: text(0, 64),
});

/** The largest preview sample: a bigger one would make every keystroke's preview slow. */
export const MAX_PREVIEW_SAMPLE_ROWS = 10_000;

/** Which rows previews read from each source (see SampleSpec in content-key.ts). */
export const sampleSpecSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('head'), rows: z.number().int().min(1).max(MAX_PREVIEW_SAMPLE_ROWS) }),
  z.object({ mode: z.literal('random'), rows: z.number().int().min(1).max(MAX_PREVIEW_SAMPLE_ROWS), seed: z.number().int() }),
]);

/** Per-pipeline settings; optional so graphs saved before settings existed load unchanged. */
export const pipelineSettingsSchema = z.object({ sample: sampleSpecSchema.optional() });

export const pipelineGraphSchema = z
  .object({
    nodes: z.array(graphNodeSchema).max(GRAPH_LIMITS.maxNodes, `A pipeline holds at most ${GRAPH_LIMITS.maxNodes} nodes.`),
    edges: z.array(graphEdgeSchema).max(GRAPH_LIMITS.maxEdges, `A pipeline holds at most ${GRAPH_LIMITS.maxEdges} connections.`),
    settings: pipelineSettingsSchema.optional(),
  })
  .superRefine((graph, ctx) => {
    const bytes = jsonBytes(graph);
    if (bytes > GRAPH_LIMITS.maxGraphBytes) {
      ctx.addIssue({ code: 'custom', message: `The pipeline is ${kb(bytes)} as JSON; the limit is ${kb(GRAPH_LIMITS.maxGraphBytes)}. Remove nodes or shorten settings.` });
    }
  });

/**
 * One line per schema issue that says where it is: the node or connection by id (when the input has one)
 * and the field, e.g. `Node "train-1", label: This text contains a NUL character…`.
 */
export function describeGraphIssue(input: unknown, issue: { path: PropertyKey[]; message: string }): GraphProblem {
  const [list, index, ...rest] = issue.path;
  const items = (input as Record<string, unknown> | null)?.[String(list)];
  const item = Array.isArray(items) && typeof index === 'number' ? (items[index] as { id?: unknown } | undefined) : undefined;
  const id = typeof item?.id === 'string' ? item.id.slice(0, 64) : undefined;
  const field = rest.map(String).join('.');
  if (list === 'nodes' && item) {
    const where = `Node ${id ? `"${id}"` : `#${Number(index) + 1}`}${field ? `, ${field}` : ''}`;
    return { ...(id ? { nodeId: id } : {}), message: issue.message.startsWith('Node "') ? issue.message : `${where}: ${issue.message}` };
  }
  if (list === 'edges' && item) {
    return { ...(id ? { edgeId: id } : {}), message: `Connection ${id ? `"${id}"` : `#${Number(index) + 1}`}${field ? `, ${field}` : ''}: ${issue.message}` };
  }
  return { message: issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message };
}

export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export type PipelineGraph = z.infer<typeof pipelineGraphSchema>;
export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>;

/** One validation problem; the canvas marks the node/edge it names. A warning does not stop a run. */
export type GraphProblem = { nodeId?: string; edgeId?: string; message: string; severity?: 'warning' };
