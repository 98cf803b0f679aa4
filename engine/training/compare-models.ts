import { UserError, type ComparedModel, type ComparisonValue, type FittedStep, type ManyItem, type ModelValue, type SplitValue } from '../define-node';
import { checkComparable, labelModels, macroRoc, rankModels, resolveMetric } from './compare-ranking';
import { readTruth } from './evaluate-model';
import { classificationReport } from './metrics/classification-report';
import { regressionReport } from './metrics/regression-report';
import { predictTable } from './predict-table';

const stepsOf = (fitted: readonly FittedStep[]) => (fitted.length ? fitted.map((f) => f.type).join(' → ') : 'none');

export type CompareOptions = { metric: string; seed: number; signal?: AbortSignal; progress?(fraction: number, message: string): void };

/**
 * Scores every model on the same test rows (the split's), ranks them on the chosen metric and keeps what
 * the comparison draws: each model's ROC curve (classification) or predicted-vs-actual sample (regression).
 */
export async function compareModels(items: readonly ManyItem<ModelValue>[], split: SplitValue, options: CompareOptions): Promise<ComparisonValue> {
  const labels = labelModels(items.map((item) => ({ label: item.label, algorithm: item.value.algorithm })));
  const { task, target } = checkComparable(items.map((item, i) => ({ label: labels[i]!, task: item.value.task, target: item.value.target })));
  const metric = resolveMetric(options.metric, task);
  if (split.test.rowCount === 0) throw new UserError("Compare: the split's test side has no rows; raise the Split node's test fraction or add rows.");
  // A model trained on rows prepared otherwise (another split, other fitted steps) would be scored on
  // features that mean something else: the comparison would be wrong without any error.
  const expected = JSON.stringify(split.fitted);
  items.forEach((item, i) => {
    if (JSON.stringify(item.value.fitted) !== expected) {
      throw new UserError(`Compare: ${labels[i]} was trained on rows prepared differently from the split connected to Compare (its fitted steps: ${stepsOf(item.value.fitted)}; the split's: ${stepsOf(split.fitted)}), so its test rows differ. Connect the split that fed its Train node, or train every model from the same split.`);
    }
  });
  const classes = items[0]!.value.classes;
  const positive = Math.min(1, classes.length - 1);
  const models: Omit<ComparedModel, 'rank'>[] = [];
  for (const [i, { source, value: model }] of items.entries()) {
    options.signal?.throwIfAborted();
    const truth = readTruth(model, split.test, 'Compare');
    const predictions = await predictTable(model, split.test);
    const label = labels[i]!;
    if (truth instanceof Int32Array) {
      const report = classificationReport(truth, predictions, model.classes, Math.min(1, model.classes.length - 1));
      const rocs = report.curves?.roc ?? [];
      const roc = model.classes.length === 2 ? rocs[0] && { ...rocs[0], label } : macroRoc(rocs, label, report.metrics.roc_auc);
      models.push({ source, label, algorithm: model.algorithm, metrics: report.metrics, ...(roc ? { roc } : {}) });
    } else {
      // The same seed picks the same sampled rows for every model, so the scatters line up row for row.
      const report = regressionReport(truth, predictions, options.seed);
      const scatter = report.curves?.scatter;
      models.push({ source, label, algorithm: model.algorithm, metrics: report.metrics, ...(scatter ? { scatter: { ...scatter, label } } : {}) });
    }
    options.progress?.((i + 1) / items.length, `Scored ${i + 1} of ${items.length} models`);
  }
  return {
    kind: 'comparison',
    task,
    target,
    metric: metric.id,
    higherIsBetter: metric.higherIsBetter,
    testRows: split.test.rowCount,
    models: rankModels(models, metric),
    ...(task === 'classification' && classes.length === 2 ? { positiveClass: classes[positive] } : {}),
  };
}
