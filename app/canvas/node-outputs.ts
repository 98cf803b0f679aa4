import type { ComparisonValue } from '../../engine/define-node';
import type { MetricsSummary as EngineMetricsSummary } from '../../engine/io/summarize-metrics';
import type { LearningPoint } from './charts/learning-curve-chart';
import { getModelFamily } from '../../engine/training/model-families';
import type { CurvePoint } from './editor-types';
import { formatCount } from '../../engine/format-count';
import { metricLabel } from '../../engine/registry/metric-label';

/** Readers for run output summaries (`payload.outputs` of node_status succeeded), defensive about shape. */
export type MetricsSummary = Omit<Partial<EngineMetricsSummary>, 'kind' | 'metrics'> & { kind: 'metrics'; metrics: Record<string, number> };

export function metricsOf(outputs: Record<string, unknown> | undefined): MetricsSummary | undefined {
  for (const value of Object.values(outputs ?? {})) {
    if (value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'metrics') {
      const m = value as Partial<MetricsSummary>;
      if (m.metrics && typeof m.metrics === 'object') return m as MetricsSummary;
    }
  }
  return undefined;
}

/** A Compare output in a run summary, when there is one. */
export function comparisonOf(outputs: Record<string, unknown> | undefined): ComparisonValue | undefined {
  for (const value of Object.values(outputs ?? {})) {
    if (value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'comparison' && Array.isArray((value as { models?: unknown }).models)) return value as ComparisonValue;
  }
  return undefined;
}

const headlines = ['accuracy', 'r2', 'rmse', 'f1', 'mae'];

/** The one number to show on the node: accuracy for classification, R² for regression, else the first. */
export function headlineMetric(m: MetricsSummary): { name: string; value: number } | undefined {
  const entries = Object.entries(m.metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v));
  const pick = headlines.map((h) => entries.find(([k]) => k.toLowerCase() === h)).find(Boolean) ?? entries[0];
  return pick ? { name: pick[0], value: pick[1] } : undefined;
}

export function formatMetric(value: number) {
  if (Number.isInteger(value) && Math.abs(value) > 1) return formatCount(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(2);
}

/** Metrics in reading order: the headline first, counts last. */
export function orderedMetrics(m: MetricsSummary): [string, number][] {
  const entries = Object.entries(m.metrics).filter((e): e is [string, number] => typeof e[1] === 'number');
  const head = headlineMetric(m)?.name;
  const rank = ([k, v]: [string, number]) => (k === head ? 0 : Number.isInteger(v) && Math.abs(v) > 1 ? 2 : 1);
  return entries.sort((a, b) => rank(a) - rank(b));
}

/** "344 rows × 7 columns" style facts about one output summary. */
export function describeOutput(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  const facts: string[] = [];
  const cols = (s: unknown) => {
    const c = (s as { columns?: unknown[] } | undefined)?.columns;
    return Array.isArray(c) ? c.length : typeof s === 'number' ? s : undefined;
  };
  const table = (prefix: string, t: Record<string, unknown>) => {
    const rows = typeof t.rowCount === 'number' ? t.rowCount : typeof t.rows === 'number' ? t.rows : undefined;
    const c = cols(t.schema) ?? cols(t.columns) ?? cols(t.columnCount);
    const parts = [rows !== undefined ? `${formatCount(rows)} rows` : '', c !== undefined ? `${formatCount(c)} columns` : ''].filter(Boolean);
    if (parts.length) facts.push(`${prefix}${parts.join(' × ')}`);
  };
  if (v.kind === 'split') {
    for (const side of ['train', 'test'] as const) {
      const t = v[side];
      if (t && typeof t === 'object') table(`${side === 'train' ? 'Train' : 'Test'}: `, t as Record<string, unknown>);
      else if (typeof v[`${side}Rows`] === 'number') facts.push(`${side === 'train' ? 'Train' : 'Test'}: ${formatCount(v[`${side}Rows`] as number)} rows`);
    }
    if (!facts.length) table('', v);
  } else if (v.kind === 'model') {
    const model = describeModel(v.algorithm, v.task);
    if (model) facts.push(model);
    if (typeof v.target === 'string') facts.push(`Target: ${v.target}`);
    const features = Array.isArray(v.features) ? v.features.length : v.features;
    if (typeof features === 'number') facts.push(`${formatCount(features)} features`);
    facts.push(...describeCrossValidation(v.crossValidation));
  } else if (v.kind === 'comparison') {
    const c = v as unknown as ComparisonValue;
    const best = c.models?.[0];
    const tiedWith = c.models?.slice(1).filter((m) => m.rank === 1).map((m) => m.label) ?? [];
    const ties = tiedWith.length ? `, tied with ${tiedWith.length === 1 ? tiedWith[0] : `${tiedWith.slice(0, -1).join(', ')} and ${tiedWith.at(-1)}`}` : '';
    if (best) facts.push(`Best of ${c.models.length}: ${best.label} (${metricLabel(c.metric)} ${formatMetric(best.metrics[c.metric] ?? NaN)}${ties})`);
  } else if (v.kind !== 'metrics') {
    table('', v);
    facts.push(...describeChecks(v.checks));
  }
  return facts;
}

/** A model family's title ("Logistic regression") for its id, as the Train node names it; an unknown id as it is. */
export function modelTitle(algorithm: string): string {
  return getModelFamily(algorithm)?.title ?? algorithm;
}

/** "Neural network · classification": the model family's title and the task, as the Train node shows them. */
export function describeModel(algorithm: unknown, task: unknown): string | undefined {
  if (typeof algorithm !== 'string') return undefined;
  const title = modelTitle(algorithm);
  return typeof task === 'string' ? `${title} · ${task}` : title;
}

/** "Cross-validated accuracy: 0.95 ± 0.02 (5 folds)" per metric. */
function describeCrossValidation(cv: unknown): string[] {
  const { folds, metrics } = (cv ?? {}) as { folds?: unknown; metrics?: Record<string, { mean?: unknown; std?: unknown }> };
  if (typeof folds !== 'number' || !metrics) return [];
  return Object.entries(metrics).flatMap(([name, m]) =>
    typeof m?.mean === 'number' && typeof m?.std === 'number' ? [`Cross-validated ${metricLabel(name)}: ${formatMetric(m.mean)} ± ${formatMetric(m.std)} (${folds} folds)`] : [],
  );
}

/** Per-rule counts a checking node (Validate) put in its summary: "Mass at most 6000: 3 failed". */
function describeChecks(checks: unknown): string[] {
  if (!Array.isArray(checks)) return [];
  return checks.flatMap((c) => {
    const { rule, failed, side, detail } = (c ?? {}) as Record<string, unknown>;
    if (typeof rule !== 'string' || typeof failed !== 'number') return [];
    const where = typeof side === 'string' ? ` (${side})` : '';
    const outcome = typeof detail === 'string' ? detail : failed === 0 ? 'passed' : `${formatCount(failed)} failed`;
    return [`${rule}${where}: ${outcome}`];
  });
}

/** The learning curve to draw: live points while training, else the trained model's recorded history. */
export function learningCurveOf(outputs: Record<string, unknown> | undefined, live: CurvePoint[] | undefined): CurvePoint[] {
  // The finished model's history has every step; the live points are thinned in flight (a fit of a few
  // milliseconds streams its first and last step only), so they stand in only until it is there.
  for (const value of Object.values(outputs ?? {})) {
    if (!value || typeof value !== 'object') continue;
    const { kind, history } = value as { kind?: unknown; history?: unknown };
    if (kind === 'model' && Array.isArray(history) && history.length >= (live?.length ?? 0)) return learningPointsOf(history);
  }
  return live && live.length > 1 ? live : [];
}

/** A curve point's validation loss and scores, those that are numbers. */
function optionalNumbers(point: Record<string, unknown>): Pick<LearningPoint, 'validationLoss' | 'metric' | 'validationMetric'> {
  const out: Pick<LearningPoint, 'validationLoss' | 'metric' | 'validationMetric'> = {};
  for (const key of ['validationLoss', 'metric', 'validationMetric'] as const) if (typeof point[key] === 'number') out[key] = point[key] as number;
  return out;
}

/** Learning-curve points from a model's history, whether its steps are called epoch or step. */
export function learningPointsOf(history: unknown): LearningPoint[] {
  if (!Array.isArray(history)) return [];
  return history.flatMap((h) => {
    const { epoch, step, loss } = (h ?? {}) as Record<string, unknown>;
    const at = typeof epoch === 'number' ? epoch : step;
    if (typeof at !== 'number' || typeof loss !== 'number') return [];
    return [{ epoch: at, loss, ...optionalNumbers(h as Record<string, unknown>) }];
  });
}
