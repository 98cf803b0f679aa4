import type { MetricCurve } from '../../../engine/define-node';
import { ChartEmpty, ChartFigure, ChartLegend } from '../../components/ui/charts/chart-figure';
import { XYChart } from '../../components/ui/charts/xy-chart';
import { colorAt, fmt } from './chart-colors';

type CurveKind = 'roc' | 'pr' | 'calibration';

const KINDS: Record<CurveKind, { title: string; score: string; xLabel: string; yLabel: string; reference?: 'diagonal'; points?: boolean }> = {
  roc: { title: 'ROC curve', score: 'AUC', xLabel: 'False positive rate', yLabel: 'True positive rate', reference: 'diagonal' },
  pr: { title: 'Precision-recall curve', score: 'AP', xLabel: 'Recall', yLabel: 'Precision' },
  calibration: { title: 'Calibration curve', score: '', xLabel: 'Mean predicted probability', yLabel: 'Fraction of positives', reference: 'diagonal' },
};

const withScore = (c: MetricCurve, score: string) => (score && c.auc !== undefined ? `${c.label} (${score} ${fmt(c.auc)})` : c.label);

/** ROC, precision-recall or calibration curves of a classifier: one line per class, or the positive class alone. */
export function CurveChart({ kind, curves }: { kind: CurveKind; curves: MetricCurve[] | undefined }) {
  const spec = KINDS[kind];
  if (!curves?.length) return <ChartEmpty>Run the pipeline to see the {spec.title}.</ChartEmpty>;
  const oneVsRest = curves.length > 1;
  const title = oneVsRest ? `${spec.title} (one vs rest)` : `${spec.title} (positive class: ${curves[0]!.label})`;
  const scores = spec.score ? curves.map((c) => (oneVsRest ? `${c.label} ${fmt(c.auc)}` : fmt(c.auc))).join(', ') : '';
  const label = scores ? `${spec.title}, ${spec.score} ${scores}` : `${spec.title} for ${curves.map((c) => c.label).join(', ')}`;
  const series = curves.map((c, i) => ({ label: c.label, color: colorAt(i), x: c.x, y: c.y }));
  const legend = [...curves.map((c, i) => ({ label: withScore(c, spec.score), color: colorAt(i) })), ...(spec.reference ? [{ label: kind === 'roc' ? 'Chance' : 'Perfectly calibrated', color: '#94a3b8' }] : [])];
  return (
    <ChartFigure
      title={title}
      legend={<ChartLegend items={legend} />}
      table={{ columns: ['Class', spec.xLabel, spec.yLabel], rows: curves.flatMap((c) => c.x.map((x, i) => [c.label, x, c.y[i]!])) }}
      renderChart={(size) => (
        <XYChart series={series} size={size} label={label} xLabel={spec.xLabel} yLabel={spec.yLabel} xDomain={[0, 1]} yDomain={[0, 1]} reference={spec.reference} />
      )}
    />
  );
}
