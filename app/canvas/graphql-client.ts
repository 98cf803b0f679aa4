import type { GraphProblem, PipelineGraph } from '../../engine/graph-types';

/** A GraphQL error the user can act on; `problems` name the nodes to mark (BAD_USER_INPUT). */
export class GraphQLRequestError extends Error {
  readonly name = 'GraphQLRequestError';
  constructor(message: string, readonly code?: string, readonly problems: GraphProblem[] = []) {
    super(message);
  }
}

type GraphQLErrorShape = { message?: string; extensions?: { code?: string; problems?: unknown } };

function toProblems(value: unknown): GraphProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p) => {
    if (!p || typeof p !== 'object' || typeof (p as GraphProblem).message !== 'string') return [];
    const { nodeId, edgeId, message } = p as GraphProblem;
    return [{ message, ...(typeof nodeId === 'string' ? { nodeId } : {}), ...(typeof edgeId === 'string' ? { edgeId } : {}) }];
  });
}

/** POST one operation to /graphql (same-origin cookies) and return `data`, or throw GraphQLRequestError. */
export async function requestGraphQL<T>(query: string, variables: Record<string, unknown>): Promise<T> {
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
    );
  }
  if (!response.ok || !body?.data) throw new GraphQLRequestError(`The server answered ${response.status}.`, 'HTTP');
  return body.data;
}

const SAVE_PIPELINE_GRAPH = /* GraphQL */ `
  mutation SavePipelineGraph($pipelineId: ID!, $graph: JSON!) {
    savePipelineGraph(pipelineId: $pipelineId, graph: $graph) { id updatedAt }
  }
`;

const START_RUN = /* GraphQL */ `
  mutation StartRun($pipelineId: ID!) {
    startRun(pipelineId: $pipelineId) { id status }
  }
`;

export const RUN_EVENTS = /* GraphQL */ `
  subscription RunEvents($runId: ID!, $afterSeq: Int) {
    runEvents(runId: $runId, afterSeq: $afterSeq) { seq type nodeId status progress message payload }
  }
`;

export async function savePipelineGraph(pipelineId: string, graph: PipelineGraph) {
  const data = await requestGraphQL<{ savePipelineGraph: { id: string; updatedAt: string } }>(SAVE_PIPELINE_GRAPH, {
    pipelineId,
    graph,
  });
  return data.savePipelineGraph;
}

export async function startRun(pipelineId: string) {
  const data = await requestGraphQL<{ startRun: { id: string; status: string } }>(START_RUN, { pipelineId });
  return data.startRun;
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
