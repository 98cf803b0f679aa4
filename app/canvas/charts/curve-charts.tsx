import type { MetricCurve } from '../../../engine/define-node';
import { ChartEmpty, ChartFigure, ChartLegend } from '../../components/ui/charts/chart-figure';
import { XYChart } from '../../components/ui/charts/xy-chart';
import { colorAt, fmt } from './chart-colors';

export type CurveKind = 'roc' | 'pr' | 'calibration';

const KINDS: Record<CurveKind, { title: string; score: string; xLabel: string; yLabel: string; reference?: 'diagonal'; points?: boolean }> = {
  roc: { title: 'ROC curve', score: 'AUC', xLabel: 'False positive rate', yLabel: 'True positive rate', reference: 'diagonal' },
  pr: { title: 'Precision-recall curve', score: 'AP', xLabel: 'Recall', yLabel: 'Precision' },
  calibration: { title: 'Calibration curve', score: '', xLabel: 'Mean predicted probability', yLabel: 'Fraction of positives', reference: 'diagonal' },
};

/** A curve kind's title, e.g. "Precision-recall curve", for text about a chart that is not there. */
export const curveTitle = (kind: CurveKind) => KINDS[kind].title;

/**
 * What the curves stand for. `classes` (Evaluate's): one per class, one vs rest, or the positive class's alone
 * for a binary task, each labelled with its class. `macro-average`: a single curve averaging the one-vs-rest
 * curves (a multiclass model's row of a Compare), so it belongs to no class.
 */
export type CurveSeries = 'classes' | 'macro-average';

const withScore = (c: MetricCurve, score: string) => (score && c.auc !== undefined ? `${c.label} (${score} ${fmt(c.auc)})` : c.label);

/** The words of a curve chart: its title, the table's column naming each curve, and the chart's accessible label. */
export function describeCurves(kind: CurveKind, curves: readonly MetricCurve[], series: CurveSeries = 'classes') {
  const spec = KINDS[kind];
  const oneVsRest = curves.length > 1;
  const which = series === 'macro-average' ? 'macro average of one vs rest' : oneVsRest ? 'one vs rest' : `positive class: ${curves[0]!.label}`;
  const scores = spec.score ? curves.map((c) => (oneVsRest ? `${c.label} ${fmt(c.auc)}` : fmt(c.auc))).join(', ') : '';
  const title = `${spec.title} (${which})`;
  // A class's curves name their classes in the label already; an average says what it averages.
  const named = series === 'macro-average' ? title : spec.title;
  return {
    title,
    seriesColumn: series === 'macro-average' ? 'Curve' : 'Class',
    label: scores ? `${named}, ${spec.score} ${scores}` : `${named} for ${curves.map((c) => c.label).join(', ')}`,
    legend: curves.map((c) => withScore(c, spec.score)),
  };
}

/** ROC, precision-recall or calibration curves of a classifier: one line per class, the positive class alone, or a macro average. */
export function CurveChart({ kind, curves, series = 'classes', emptyText }: { kind: CurveKind; curves: MetricCurve[] | undefined; series?: CurveSeries; emptyText?: string }) {
  const spec = KINDS[kind];
  if (!curves?.length) return <ChartEmpty>{emptyText ?? `Run the pipeline to see the ${spec.title}.`}</ChartEmpty>;
  const { title, seriesColumn, label, legend } = describeCurves(kind, curves, series);
  const lines = curves.map((c, i) => ({ label: c.label, color: colorAt(i), x: c.x, y: c.y }));
  const legendItems = [...legend.map((text, i) => ({ label: text, color: colorAt(i) })), ...(spec.reference ? [{ label: kind === 'roc' ? 'Chance' : 'Perfectly calibrated', color: '#94a3b8' }] : [])];
  return (
    <ChartFigure
      title={title}
      legend={<ChartLegend items={legendItems} />}
      table={{ columns: [seriesColumn, spec.xLabel, spec.yLabel], rows: curves.flatMap((c) => c.x.map((x, i) => [c.label, x, c.y[i]!])) }}
      renderChart={(size) => (
        <XYChart series={lines} size={size} label={label} xLabel={spec.xLabel} yLabel={spec.yLabel} xDomain={[0, 1]} yDomain={[0, 1]} reference={spec.reference} />
      )}
    />
  );
}
