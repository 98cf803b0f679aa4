/** The model registry: registered models, their versions and stages, gates and rollback. */
export const registryTypeDefs = /* GraphQL */ `
  extend type Query {
    "The team's registered models, by name."
    models: [RegisteredModel!]!
    model(name: String!): RegisteredModel
    modelVersion(model: String!, version: Int!): ModelVersion
    "Two versions side by side: metrics with deltas (b − a) and which is better, hyperparameters, request-column differences."
    compareModelVersions(model: String!, a: Int!, b: Int!): JSON!
  }

  extend type Mutation {
    "Registers a run's Train node model as the next version of model 'name' (created when new). Editors and above."
    registerModel(runId: ID!, nodeId: String!, name: String!, description: String): ModelVersion!
    "Moves a version to stage none, staging, production or archived; production must pass the model's gates and archives the version it replaces."
    setModelStage(model: String!, version: Int!, stage: String!, reason: String): ModelVersion!
    "Restores the previous production version, archiving the current one."
    rollbackModel(model: String!, reason: String): ModelVersion!
    "Promotion gates: a bound on 'metric' (a minimum, or a maximum for errors and losses) and/or beating production on it."
    setModelGates(model: String!, metric: String, minimum: Float, mustBeatProduction: Boolean!): RegisteredModel!
  }

  type RegisteredModel {
    id: ID!
    name: String!
    gateMetric: String
    gateMinimum: Float
    gateMustBeatProduction: Boolean!
    latestVersion: Int
    productionVersion: Int
    versions: [ModelVersion!]!
    history: [ModelStageChange!]!
  }

  type ModelVersion {
    id: ID!
    model: String!
    version: Int!
    stage: String!
    algorithm: String!
    task: String!
    target: String!
    classes: [String!]!
    metrics: JSON!
    hyperparameters: JSON!
    "The raw columns a prediction request sends: { columns: [{ name, kind, categories? }] }."
    inputSchema: JSON!
    "The Evaluate node's summary from the same run (metrics, curves, confusion matrix), when there was one."
    evaluation: JSON
    lineage: JSON
    runId: ID
    nodeId: String
    pipelineId: ID
    createdAt: DateTime!
  }

  type ModelStageChange {
    version: Int!
    fromStage: String!
    toStage: String!
    reason: String
    at: DateTime!
    "Who made the change: a member's name, or 'API token'."
    actor: String
  }
`;
