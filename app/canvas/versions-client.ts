import type { PipelineGraph } from '../../engine/graph-types';
import { GraphQLRequestError, requestGraphQL } from './graphql-client';

/** The draft someone else saved, as a refused save reports it. */
export type ServerDraft = { revision: number; graph: PipelineGraph; updatedAt?: string };

export function conflictOf(error: unknown): ServerDraft | undefined {
  if (!(error instanceof GraphQLRequestError) || error.code !== 'CONFLICT') return undefined;
  const { revision, graph, updatedAt } = error.extensions;
  if (typeof revision !== 'number' || !graph || typeof graph !== 'object') return undefined;
  return { revision, graph: graph as PipelineGraph, updatedAt: typeof updatedAt === 'string' ? updatedAt : undefined };
}

export type PipelineVersion = {
  id: string;
  version: number;
  kind: 'run' | 'checkpoint';
  name: string | null;
  author: string | null;
  createdAt: string;
  runId: string | null;
  graph: PipelineGraph;
};

const FIELDS = 'id version kind name author createdAt runId graph';

/** The server's page size for versions (each carries its graph). */
export const VERSIONS_PAGE = 20;

export async function fetchVersions(pipelineId: string, offset = 0) {
  const data = await requestGraphQL<{ pipeline: { versions: PipelineVersion[] } | null }>(
    `query PipelineVersions($id: ID!, $offset: Int) { pipeline(id: $id) { versions(limit: ${VERSIONS_PAGE}, offset: $offset) { ${FIELDS} } } }`,
    { id: pipelineId, offset },
  );
  return data.pipeline?.versions ?? [];
}

export async function createCheckpoint(pipelineId: string, name: string, graph: PipelineGraph) {
  const data = await requestGraphQL<{ createCheckpoint: PipelineVersion }>(
    `mutation CreateCheckpoint($id: ID!, $name: String!, $graph: JSON) { createCheckpoint(pipelineId: $id, name: $name, graph: $graph) { ${FIELDS} } }`,
    { id: pipelineId, name, graph },
  );
  return data.createCheckpoint;
}

export async function renamePipeline(id: string, name: string) {
  const data = await requestGraphQL<{ renamePipeline: { name: string } }>(
    `mutation RenamePipeline($id: ID!, $name: String!) { renamePipeline(id: $id, name: $name) { name } }`,
    { id, name },
  );
  return data.renamePipeline.name;
}
