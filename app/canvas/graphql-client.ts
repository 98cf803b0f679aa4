import type { DatasetRef } from '../../engine/define-node';
import type { GraphProblem, PipelineGraph } from '../../engine/graph-types';
import type { TableSchema } from '../../engine/table';

/** A GraphQL error the user can act on; `problems` name the nodes to mark (BAD_USER_INPUT). */
export class GraphQLRequestError extends Error {
  readonly name = 'GraphQLRequestError';
  constructor(
    message: string,
    readonly code?: string,
    readonly problems: GraphProblem[] = [],
    /** The error's other extensions, e.g. the current draft of a CONFLICT. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type GraphQLErrorShape = { message?: string; extensions?: { code?: string; problems?: unknown } & Record<string, unknown> };

function toProblems(value: unknown): GraphProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p) => {
    if (!p || typeof p !== 'object' || typeof (p as GraphProblem).message !== 'string') return [];
    const { nodeId, edgeId, message } = p as GraphProblem;
    return [{ message, ...(typeof nodeId === 'string' ? { nodeId } : {}), ...(typeof edgeId === 'string' ? { edgeId } : {}) }];
  });
}

/** POST one operation to /graphql (same-origin cookies) and return `data`, or throw GraphQLRequestError. */
export async function requestGraphQL<T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'x-graphql-yoga-csrf': 'pipewright',
      },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch {
    throw new GraphQLRequestError('Could not reach the server. Check your connection and try again.', 'NETWORK');
  }
  let body: { data?: T; errors?: GraphQLErrorShape[] } | undefined;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLRequestError(`The server answered ${response.status} ${response.statusText}.`, 'HTTP');
  }
  const first = body?.errors?.[0];
  if (first) {
    throw new GraphQLRequestError(
      first.message ?? 'The request failed.',
      first.extensions?.code,
      toProblems(first.extensions?.problems),
      first.extensions ?? {},
    );
  }
  if (!response.ok || !body?.data) throw new GraphQLRequestError(`The server answered ${response.status}.`, 'HTTP');
  return body.data;
}

const SAVE_PIPELINE_GRAPH = /* GraphQL */ `
  mutation SavePipelineGraph($pipelineId: ID!, $graph: JSON!, $baseRevision: Int) {
    savePipelineGraph(pipelineId: $pipelineId, graph: $graph, baseRevision: $baseRevision) { id updatedAt revision }
  }
`;

const START_RUN = /* GraphQL */ `
  mutation StartRun($pipelineId: ID!, $idempotencyKey: String, $force: Boolean) {
    startRun(pipelineId: $pipelineId, idempotencyKey: $idempotencyKey, force: $force) { id status createdAt }
  }
`;

export const RUN_EVENTS = /* GraphQL */ `
  subscription RunEvents($runId: ID!, $afterSeq: Int) {
    runEvents(runId: $runId, afterSeq: $afterSeq) { seq type nodeId status progress message payload at }
  }
`;

/** Refused with code CONFLICT when the draft moved past `baseRevision` (see conflictOf in versions-client). */
export async function savePipelineGraph(pipelineId: string, graph: PipelineGraph, baseRevision?: number) {
  const data = await requestGraphQL<{ savePipelineGraph: { id: string; updatedAt: string; revision: number } }>(SAVE_PIPELINE_GRAPH, {
    pipelineId,
    graph,
    baseRevision,
  });
  return data.savePipelineGraph;
}

/** A fresh key for one Run intent. crypto.randomUUID exists only on https/localhost pages; getRandomValues everywhere. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const START_RUN_ATTEMPTS = 3;

/**
 * Starts one run per key; `force` recomputes every node instead of reusing stored outputs. A request whose answer was lost (network, proxy error) is sent again with the
 * same key, so the server returns the run it may already have started instead of starting another.
 */
export async function startRun(pipelineId: string, idempotencyKey: string, force = false) {
  for (let attempt = 1; ; attempt++) {
    try {
      const data = await requestGraphQL<{ startRun: { id: string; status: string; createdAt: string } }>(START_RUN, { pipelineId, idempotencyKey, force });
      return data.startRun;
    } catch (error) {
      const transient = error instanceof GraphQLRequestError && (error.code === 'NETWORK' || error.code === 'HTTP');
      if (!transient || attempt >= START_RUN_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

const DATASET_SCHEMA = /* GraphQL */ `
  query DatasetSchema($ref: JSON!) {
    datasetSchema(ref: $ref)
  }
`;

export async function fetchDatasetSchema(ref: DatasetRef): Promise<TableSchema | null> {
  const data = await requestGraphQL<{ datasetSchema: TableSchema | null }>(DATASET_SCHEMA, { ref });
  return data.datasetSchema;
}

/** The error text to show, whatever was thrown. */
export function messageOf(error: unknown) {
  return error instanceof Error ? error.message : 'Something went wrong.';
}

const SYSTEM_STATUS = /* GraphQL */ `
  query SystemStatus {
    system { liveWorkers }
  }
`;

export async function fetchLiveWorkers() {
  const data = await requestGraphQL<{ system: { liveWorkers: number } }>(SYSTEM_STATUS, {});
  return data.system.liveWorkers;
}
