/** Team API tokens (admins only): extends the root types of type-defs.ts. */
export const apiTokenTypeDefs = /* GraphQL */ `
  extend type Query {
    "The active team's API tokens, newest first, revoked ones included. Admins only."
    apiTokens: [ApiToken!]!
  }

  extend type Mutation {
    "Creates a token; its secret is in the answer and never again. expiresInDays null: never expires; rateLimitPerMinute null: the server's default."
    createApiToken(name: String!, scope: ApiTokenScope!, expiresInDays: Int, rateLimitPerMinute: Int): CreatedApiToken!
    "Revokes a token: every request using it is refused from now on."
    revokeApiToken(id: ID!): ApiToken!
  }

  enum ApiTokenScope {
    "The prediction API and its OpenAPI documents."
    predict
    "Also GraphQL, acting as an editor of the team."
    full
  }

  type ApiToken {
    id: ID!
    name: String!
    scope: ApiTokenScope!
    "The part of the token shown in lists: pw_<prefix>_…"
    prefix: String!
    createdBy: String
    "Prediction API requests per minute allowed to this token (in each serving process); null: the server's default."
    rateLimitPerMinute: Int
    createdAt: DateTime!
    expiresAt: DateTime
    lastUsedAt: DateTime
    revokedAt: DateTime
  }

  type CreatedApiToken {
    token: ApiToken!
    "The whole token, shown once: send it as Authorization: Bearer <secret>."
    secret: String!
  }
`;
