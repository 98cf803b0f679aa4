import { z } from 'zod';

/** The saved pipeline graph: what the canvas edits, Postgres stores and the worker runs. */
/** Node ids end up in storage keys and DOM attributes: letters, digits, '-' and '_' only. */
const nodeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Node ids use 1 to 64 letters, digits, "-" or "_".');

export const graphNodeSchema = z.object({
  id: nodeId,
  type: z.string().min(1).max(64),
  version: z.number().int().positive(),
  params: z.record(z.string(), z.unknown()),
  position: z.object({ x: z.number(), y: z.number() }),
  label: z.string().max(120).optional(),
});

export const graphEdgeSchema = z.object({
  id: z.string().min(1).max(160),
  source: nodeId,
  sourcePort: z.string().max(64),
  target: nodeId,
  targetPort: z.string().max(64),
});

export const pipelineGraphSchema = z.object({
  nodes: z.array(graphNodeSchema).max(500),
  edges: z.array(graphEdgeSchema).max(2000),
});

export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export type PipelineGraph = z.infer<typeof pipelineGraphSchema>;

/** One validation problem; the canvas marks the node/edge it names. */
export type GraphProblem = { nodeId?: string; edgeId?: string; message: string };
