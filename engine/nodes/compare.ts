import { z } from 'zod';
import { defineNode, UserError, type ModelValue, type NodeInputSchemas, type NodeInputValues, type PortSchema } from '../define-node';
import { checkComparable, COMPARE_METRICS, labelModels, resolveMetric } from '../training/compare-ranking';
import { checkSchemaColumns } from './preprocess-node';

const metricIds = ['auto', ...COMPARE_METRICS.map((m) => m.id)] as [string, ...string[]];

type ModelSchema = Extract<PortSchema, { kind: 'model' }>;

function modelSchemas(inputs: NodeInputSchemas) {
  const models = inputs.models;
  if (models?.kind !== 'many') throw new UserError("Compare: connect two or more trained models to the 'Models' input.");
  const items = models.items.filter((item): item is typeof item & { value: ModelSchema } => item.value.kind === 'model');
  const labels = labelModels(items.map((item) => ({ label: item.label, algorithm: item.value.algorithm ?? 'model' })));
  return items.map((item, i) => ({ ...item.value, label: labels[i]! }));
}

function modelValues(inputs: NodeInputValues) {
  const models = inputs.models;
  if (models?.kind !== 'many' || models.items.length === 0) throw new UserError("Compare: connect two or more trained models to the 'Models' input.");
  return models.items.map((item) => {
    if (item.value.kind !== 'model') throw new UserError(`Compare: the 'Models' input takes trained models, but received a ${item.value.kind}.`);
    return { ...item, value: item.value as ModelValue };
  });
}

/**
 * Several trained models scored on the same test rows and ranked, as Orange's Test & Score takes many
 * learners on one input: draw one wire from each Train node to 'Models' and one from their split to 'Split'.
 */
export const compareNode = defineNode({
  type: 'compare',
  version: 1,
  title: 'Compare',
  category: 'evaluate',
  description:
    'Ranks several trained models on the test rows of one split by a chosen metric and marks the best: their scores side by side, with ROC curves overlaid for classification or predicted-vs-actual for regression. Connect every Train node to Models.',
  inputs: [
    { name: 'models', label: 'Models', kinds: ['model'], many: true },
    { name: 'data', label: 'Split', kinds: ['split'] },
  ],
  outputs: [{ name: 'comparison', label: 'Comparison', kinds: ['comparison'] }],
  params: z.object({
    metric: z
      .enum(metricIds)
      .default('auto')
      .meta({ title: 'Rank by', description: 'The score that orders the models. Auto: ROC AUC for classification, R² for regression. Log loss, RMSE, MAE and MAPE rank lowest first.' }),
    seed: z.number().int().min(0).default(0).meta({ title: 'Seed', description: 'Fixes the sample of test rows the regression plot draws.' }),
  }),
  outputSchema(inputs, params): Record<string, PortSchema> {
    const models = modelSchemas(inputs);
    const { task, target } = checkComparable(models);
    resolveMetric(params.metric, task);
    const data = inputs.data;
    if (data?.kind !== 'split') throw new UserError("Compare: connect the split the models were trained on to the 'Split' input.");
    for (const model of models) checkSchemaColumns(data.schema, [model.target, ...model.features], 'Compare');
    return { comparison: { kind: 'comparison', task, target } };
  },
  warnings(inputs) {
    return modelSchemas(inputs).length === 1 ? ['Compare has one model to rank; connect another Train node to Models to compare them.'] : [];
  },
  async run(inputs, params, ctx) {
    const data = inputs.data;
    if (data?.kind !== 'split') throw new UserError("Compare: connect the split the models were trained on to the 'Split' input.");
    const { compareModels } = await import('../training/compare-models');
    const comparison = await compareModels(modelValues(inputs), data, { metric: params.metric, seed: params.seed, signal: ctx.signal, progress: ctx.progress });
    const best = comparison.models[0]!;
    ctx.log(`Compare: ${best.label} ranks first of ${comparison.models.length} models on ${comparison.metric} (${best.metrics[comparison.metric]}).`);
    return { comparison };
  },
});
