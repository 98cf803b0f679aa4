import { z } from 'zod';
import { defineNode, UserError } from '../define-node';
import { checkSchemaColumns } from './preprocess-node';

export const evaluateNode = defineNode({
  type: 'evaluate',
  version: 1,
  title: 'Evaluate',
  category: 'evaluate',
  description: 'Scores the model on the test rows of a split: accuracy, precision, recall, F1, log loss and a confusion matrix.',
  inputs: [
    { name: 'model', label: 'Model', kinds: ['model'] },
    { name: 'data', label: 'Split', kinds: ['split'] },
  ],
  outputs: [{ name: 'metrics', label: 'Metrics', kinds: ['metrics'] }],
  params: z.object({}),
  outputSchema(inputs) {
    const { model, data } = inputs;
    if (model?.kind !== 'model') throw new UserError("Evaluate: connect a trained model to the 'model' input.");
    if (data?.kind !== 'split') throw new UserError("Evaluate: connect a split to the 'data' input.");
    checkSchemaColumns(data.schema, [model.target, ...model.features], 'Evaluate');
    return { metrics: { kind: 'metrics' } };
  },
  async run(inputs) {
    const { model, data } = inputs;
    if (model?.kind !== 'model') throw new UserError("Evaluate: connect a trained model to the 'model' input.");
    if (data?.kind !== 'split') throw new UserError("Evaluate: connect a split to the 'data' input.");
    const { scoreClassifier } = await import('../training/score-classifier');
    return { metrics: await scoreClassifier(model, data.test) };
  },
});
