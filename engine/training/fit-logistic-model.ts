import type { ModelValue, RunContext, SplitValue } from '../define-node';
import { trainLogisticRegression, type LogisticOptions } from './logistic-regression';
import { prepareTrainingRows } from './training-rows';

/** Train node body: rows with a missing target are left out; the model carries the split's fitted steps. */
export async function fitLogisticModel(split: SplitValue, params: LogisticOptions & { target: string; model: string; features: string[] }, ctx: RunContext): Promise<ModelValue> {
  const { features, classes, train, x, y } = prepareTrainingRows(split, params, (line) => ctx.log(line));
  const { artifact, history } = await trainLogisticRegression(x, y, { rows: train.rowCount, features: features.length, classes: classes.length }, params, {
    signal: ctx.signal,
    onEpoch(epoch, loss, accuracy) {
      ctx.progress(epoch / params.epochs, `Epoch ${epoch} of ${params.epochs}`);
      ctx.metric('loss', loss, epoch);
      if (!Number.isNaN(accuracy)) ctx.metric('accuracy', accuracy, epoch);
    },
  });
  if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('Training was cancelled.');
  return { kind: 'model', algorithm: params.model, task: 'classification', target: params.target, features, classes, artifact, fitted: split.fitted, history };
}
