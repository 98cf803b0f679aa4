import type { FittedStep, ModelInputSchema, ModelValue, RunContext, SplitValue } from '../define-node';
import type { TableSchema } from '../table';
import { columnsRead } from './input-lineage';
import { chooseFamily, parseHyperparameters } from './choose-family';
import { crossValidate } from './cross-validate';
import { checkFiniteLoss } from './fit-checkpoint';
import type { CurvePoint } from './model-family';
import { prepareTrainingSet, type TrainingOptions } from './training-set';

export type TrainParams = TrainingOptions & { model?: string; hyperparameters: Record<string, unknown>; crossValidation: number };

/**
 * Train node body: builds the training set, cross-validates when asked (k fits, then the final one on
 * every row), and fits the chosen family, streaming its progress and learning curve to the run.
 */
export async function trainModel(split: SplitValue, params: TrainParams, ctx: RunContext): Promise<ModelValue> {
  const { task, features, classes, set, targetScaling } = prepareTrainingSet(split, params, (line) => ctx.log(line));
  const family = chooseFamily(params.model, task, params.target);
  const hyperparameters = parseHyperparameters(family, params.hyperparameters);
  const k = params.crossValidation;
  const finalShare = k >= 2 ? 1 / (k + 1) : 1;
  const crossValidation =
    k >= 2
      ? await crossValidate(family, hyperparameters, set, classes, k, { signal: ctx.signal, progress: (f, message) => ctx.progress(f * (1 - finalShare), message) })
      : undefined;
  if (crossValidation) reportCrossValidation(crossValidation, ctx);
  const history: ModelValue['history'] = [];
  const artifact = await family.fit(set, hyperparameters, {
    signal: ctx.signal,
    progress: (f, message) => ctx.progress(1 - finalShare + f * finalShare, crossValidation ? `Final model · ${message}` : message),
    curve(point) {
      checkFiniteLoss(family.title, point);
      history.push(point);
      ctx.metric('loss', point.loss, point.step);
      if (point.validationLoss !== undefined) ctx.metric('validation_loss', point.validationLoss, point.step);
      if (point.metric !== undefined) ctx.metric('metric', point.metric, point.step);
      if (point.validationMetric !== undefined) ctx.metric('validation_metric', point.validationMetric, point.step);
    },
  });
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const lineage = await ctx.lineage?.();
  return {
    kind: 'model',
    algorithm: family.id,
    task,
    target: params.target,
    features,
    classes,
    artifact,
    hyperparameters,
    fitted: split.fitted,
    ...(targetScaling ? { targetScaling } : {}),
    ...(split.inputSchema ? { inputSchema: modelInputSchema(split.inputSchema, params.target, features, split.fitted) } : {}),
    history,
    metrics: modelMetrics(history.at(-1), crossValidation),
    // A value left from an earlier category target (the form hides the field for a number target) is not this model's.
    training: { seed: params.seed, validationFraction: params.validationFraction, classWeights: task === 'classification' ? params.classWeights : 'none', crossValidation: k },
    ...(crossValidation ? { crossValidation } : {}),
    ...(lineage ? { lineage } : {}),
  };
}

/** The last step's numbers and the cross-validation summary, under the names reported to the run. */
function modelMetrics(last: CurvePoint | undefined, cv: ModelValue['crossValidation']): Record<string, number> {
  const metrics: Record<string, number> = {};
  if (last) {
    metrics.loss = last.loss;
    if (last.validationLoss !== undefined) metrics.validation_loss = last.validationLoss;
    if (last.metric !== undefined) metrics.metric = last.metric;
    if (last.validationMetric !== undefined) metrics.validation_metric = last.validationMetric;
  }
  for (const [name, { mean, std }] of Object.entries(cv?.metrics ?? {})) {
    metrics[`cv_${name}_mean`] = mean;
    metrics[`cv_${name}_std`] = std;
  }
  return metrics;
}

function reportCrossValidation(cv: NonNullable<ModelValue['crossValidation']>, ctx: RunContext): void {
  const parts = Object.entries(cv.metrics).map(([name, { mean, std }]) => {
    ctx.metric(`cv_${name}_mean`, mean);
    ctx.metric(`cv_${name}_std`, std);
    return `${name} ${mean.toFixed(3)} ± ${std.toFixed(3)}`;
  });
  ctx.log(`${cv.folds}-fold cross-validation: ${parts.join(', ')}.`);
}

/** The split's input columns without the target, those no feature is computed from marked unused. */
function modelInputSchema(schema: TableSchema, target: string, features: readonly string[], fitted: readonly FittedStep[]): ModelInputSchema {
  const read = columnsRead(features, fitted);
  const columns = schema.columns.filter((c) => c.name !== target).map((c) => (read && !read.has(c.name) ? { ...c, unused: true as const } : c));
  return { columns, ...(schema.missingTokens?.length ? { missingTokens: schema.missingTokens } : {}) };
}
