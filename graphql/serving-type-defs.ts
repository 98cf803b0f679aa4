/** Predictions from registered models (the REST API's twin): extends the root types of type-defs.ts. */
export const servingTypeDefs = /* GraphQL */ `
  extend type Query {
    "Predictions for raw records (the columns the pipeline started from) from model 'name': production by default, or a stage or version."
    predict(model: String!, stage: String, version: Int, records: [JSON!]!): PredictionResult!
  }

  type PredictionResult {
    model: String!
    version: Int!
    stage: String!
    "What the model read otherwise than it may have been meant (a category it never saw in training); the predictions are made all the same."
    warnings: [String!]!
    "Per record: { label, probabilities: [{ label, probability }] } for classification, { value } for regression."
    predictions: [JSON!]!
  }
`;
