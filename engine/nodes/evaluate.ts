import { z } from 'zod';
import { defineNode, UserError } from '../define-node';
import { checkSchemaColumns } from './preprocess-node';

export const evaluateNode = defineNode({
  type: 'evaluate',
  version: 2,
  title: 'Evaluate',
  category: 'evaluate',
  description:
    'Scores the model on the test rows of a split. Classification: accuracy, balanced accuracy, precision, recall, F1, ROC AUC, log loss, confusion matrix, ROC, precision-recall and calibration curves. Regression: R², RMSE, MAE, MAPE, predicted-vs-actual and residual plots. Both: permutation feature importance and the learning curve.',
  inputs: [
    { name: 'model', label: 'Model', kinds: ['model'] },
    { name: 'data', label: 'Split', kinds: ['split'] },
  ],
  outputs: [{ name: 'metrics', label: 'Metrics', kinds: ['metrics'] }],
  params: z.object({
    positiveClass: z
      .string()
      .default('')
      .meta({ title: 'Positive class', description: "For a two-class target: the class whose ROC, precision-recall and calibration curves are drawn. Empty: the second class in sorted order (e.g. 'yes' of no/yes)." }),
    permutationRepeats: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(5)
      .meta({ title: 'Permutation repeats', description: 'Shuffles per feature for permutation importance; more gives steadier numbers and takes longer.' }),
    seed: z.number().int().min(0).default(0).meta({ title: 'Seed', description: 'Fixes the shuffles and the plotted sample of rows, so runs repeat exactly.' }),
  }),
  // Version 1 had no params; every version-2 param has a default.
  migrate: (params) => params ?? {},
  outputSchema(inputs, params) {
    const { model, data } = inputs;
    if (model?.kind !== 'model') throw new UserError("Evaluate: connect a trained model to the 'model' input.");
    if (data?.kind !== 'split') throw new UserError("Evaluate: connect a split to the 'data' input.");
    checkSchemaColumns(data.schema, [model.target, ...model.features], 'Evaluate');
    const categories = data.schema.columns.find((c) => c.name === model.target)?.categories;
    if (params.positiveClass && model.task === 'classification' && categories && !categories.includes(params.positiveClass)) {
      throw new UserError(`Evaluate: positive class '${params.positiveClass}' is not a value of '${model.target}' (${categories.join(', ')}).`, { column: model.target });
    }
    return { metrics: { kind: 'metrics' } };
  },
  async run(inputs, params, ctx) {
    const { model, data } = inputs;
    if (model?.kind !== 'model') throw new UserError("Evaluate: connect a trained model to the 'model' input.");
    if (data?.kind !== 'split') throw new UserError("Evaluate: connect a split to the 'data' input.");
    const { evaluateModel } = await import('../training/evaluate-model');
    const metrics = await evaluateModel(model, data.test, {
      positiveClass: params.positiveClass || undefined,
      repeats: params.permutationRepeats,
      seed: params.seed,
      signal: ctx.signal,
      progress: (fraction, message) => ctx.progress(fraction, message),
    });
    return { metrics };
  },
});
