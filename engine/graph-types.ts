import { z } from 'zod';

/** The saved pipeline graph: what the canvas edits, Postgres stores and the worker runs. */
export const graphNodeSchema = z.object({
  id: z.string().min(1).max(64),
  type: z.string().min(1).max(64),
  version: z.number().int().positive(),
  params: z.record(z.string(), z.unknown()),
  position: z.object({ x: z.number(), y: z.number() }),
  label: z.string().max(120).optional(),
});

export const graphEdgeSchema = z.object({
  id: z.string().min(1).max(160),
  source: z.string(),
  sourcePort: z.string(),
  target: z.string(),
  targetPort: z.string(),
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
