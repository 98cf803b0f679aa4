import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { createSchema } from 'graphql-yoga';
import type { GraphQLContext } from './context';
import { notificationTypeDefs } from './notification-type-defs';
import { registryTypeDefs } from './registry-type-defs';
import { servingTypeDefs } from './serving-type-defs';
import { apiTokenTypeDefs } from './api-token-type-defs';
import { apiTokenResolvers } from './resolvers/api-tokens';
import { teamTypeDefs } from './team-type-defs';
import { catalogResolvers } from './resolvers/catalog';
import { notificationResolvers } from './resolvers/notifications';
import { pipelineResolvers } from './resolvers/pipelines';
import { previewResolvers } from './resolvers/preview';
import { registryResolvers } from './resolvers/registry';
import { runListResolvers } from './resolvers/run-list';
import { runOutputResolvers } from './resolvers/run-output';
import { runResolvers } from './resolvers/runs';
import { storedOutputResolvers } from './resolvers/stored-outputs';
import { scheduleResolvers } from './resolvers/schedules';
import { servingResolvers } from './resolvers/serving';
import { systemResolvers } from './resolvers/system';
import { teamResolvers } from './resolvers/teams';
import { typeDefs } from './type-defs';

function parseLiteral(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, parseLiteral(f.value, variables)]));
    case Kind.LIST:
      return ast.values.map((v) => parseLiteral(v, variables));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      return null;
  }
}

const JSONScalar = new GraphQLScalarType({ name: 'JSON', serialize: (v) => v, parseValue: (v) => v, parseLiteral });
const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v.toISOString() : v),
  parseValue: (v) => new Date(String(v)),
});

export const schema = createSchema<GraphQLContext>({
  typeDefs: [typeDefs, notificationTypeDefs, servingTypeDefs, apiTokenTypeDefs, teamTypeDefs, registryTypeDefs],
  resolvers: [
    { JSON: JSONScalar, DateTime },
    catalogResolvers,
    pipelineResolvers,
    previewResolvers,
    runResolvers,
    runListResolvers,
    runOutputResolvers,
    scheduleResolvers,
    storedOutputResolvers,
    systemResolvers,
    notificationResolvers,
    servingResolvers,
    apiTokenResolvers,
    teamResolvers,
    registryResolvers,
  ],
});
