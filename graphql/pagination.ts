import { badInput } from './context';

/**
 * Every list field that grows with use takes `limit` (with a default and a maximum) and `offset`.
 * Lists bounded by something else are not paged: a pipeline's and a run's nodes (at most
 * MAX_GRAPH_NODES), node types (the registry).
 */
export const PAGE_LIMITS = {
  'Query.pipelines': { default: 50, max: 200 },
  'Query.datasets': { default: 100, max: 200 },
  'Pipeline.runs': { default: 10, max: 100 },
  'Query.runs': { default: 25, max: 100 },
  // Each version carries its graph (up to 2 MB): 20 keep a page within the result size limit.
  'Pipeline.versions': { default: 20, max: 20 },
  'Query.schedules': { default: 100, max: 200 },
  'Schedule.ticks': { default: 10, max: 50 },
} as const;

const MAX_OFFSET = 100_000;

/** The page a list field's arguments ask for; out-of-range values are refused, not clamped, so a client notices. */
export function readPage(field: keyof typeof PAGE_LIMITS, args: { limit?: number | null; offset?: number | null }) {
  const { default: fallback, max } = PAGE_LIMITS[field];
  const name = field.replace(/^Query\./, '');
  const limit = args.limit ?? fallback;
  const offset = args.offset ?? 0;
  if (limit < 1 || limit > max) throw badInput(`${name}: limit must be between 1 and ${max} (got ${limit}). Page with offset for more.`);
  if (offset < 0 || offset > MAX_OFFSET) throw badInput(`${name}: offset must be between 0 and ${MAX_OFFSET} (got ${offset}).`);
  return { limit, offset };
}
