import type { Edge, Node } from '@xyflow/react';
import type { StoredDatasetRef, UrlDatasetRef } from '../../engine/define-node';
import type { GraphProblem, PipelineGraph } from '../../engine/graph-types';
import type { TableSchema } from '../../engine/table';

/**
 * A dataset the user can pick: a bundled sample or one of the team's uploads (given by the route loader).
 * `schema` comes with samples and with datasets the graph reads; others are fetched when picked.
 */
export type DatasetOption = { ref: StoredDatasetRef; label: string; columnCount: number; rowCount: number; schema?: TableSchema };

/** What the editor knows of a Fetch node's URL: its columns as the server read them, or why it could not. */
export type UrlSchemaState = { status: 'reading' } | { status: 'read'; schema: TableSchema } | { status: 'failed'; message: string };
/** URL schemas by urlSchemaKey(ref): the same URL read as another format may have other columns. */
export type UrlSchemas = Record<string, UrlSchemaState>;
export const urlSchemaKey = (ref: UrlDatasetRef) => `${ref.format} ${ref.url}`;

/** Plain, serializable node data: no functions, no run state (that is derived, never stored on nodes). */
export type PipelineNodeData = {
  type: string;
  version: number;
  params: Record<string, unknown>;
  label?: string;
  /** Free text the user keeps on the node (why it is there, what to try next). */
  note?: string;
};
export type PipelineFlowNode = Node<PipelineNodeData, 'pipeline'>;
export type PipelineFlowEdge = Edge;

export type NodeRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'dead_letter';
export type RunPhase = 'idle' | 'starting' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type NodeRunState = {
  status: NodeRunStatus;
  progress?: number;
  message?: string;
  outputs?: Record<string, unknown>;
  logs: string[];
  /** Training metrics streamed with progress ticks, for the live learning curve. */
  curve?: CurvePoint[];
  /** Its outputs were reused instead of computed; `fromRunId` computed them (null: that run was deleted). */
  cached?: { fromRunId: string | null };
};

/** `epoch` is the step of the curve: an epoch, an iteration or a number of trees. */
export type CurvePoint = { epoch: number; loss: number; validationLoss?: number; metric?: number; validationMetric?: number };

/** The pipeline's latest run as the route loader finds it: the editor replays its events on load. */
export type LoadedRun = { id: string; status: string; createdAt: string; number: number; pipelineVersion: number; graph: PipelineGraph };

export type RunState = {
  id?: string;
  /** When the run was created and its number among the pipeline's runs (unknown for one started in this page until reload). */
  createdAt?: string;
  number?: number;
  /** The graph the run executes (its pinned version): nodes edited since are stale. */
  pinned?: PipelineGraph;
  phase: RunPhase;
  nodeIds: string[];
  nodes: Record<string, NodeRunState>;
  message?: string;
  error?: string;
  connection: 'idle' | 'live' | 'reconnecting' | 'lost';
};

export type RunEvent = {
  seq: number;
  type: 'run_status' | 'node_status' | 'node_progress' | 'node_log' | string;
  nodeId?: string | null;
  status?: string | null;
  progress?: number | null;
  message?: string | null;
  payload?: unknown;
  /** When it happened (ISO), for the run page's timeline. */
  at?: string;
};

export type SaveState = { status: 'idle' | 'saving' | 'saved' | 'error'; error?: string; updatedAt?: string };

export type EditorProblem = GraphProblem & { source: 'editor' | 'server' | 'preview' };

export const finalRunPhases: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);
export const isRunActive = (phase: RunPhase) => phase === 'starting' || phase === 'queued' || phase === 'running';
