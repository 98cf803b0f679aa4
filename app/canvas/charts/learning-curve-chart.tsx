import { ChartEmpty, ChartFigure, ChartLegend } from '../../components/ui/charts/chart-figure';
import { XYChart, type XYSeries } from '../../components/ui/charts/xy-chart';
import { colorAt, fmt } from './chart-colors';

/**
 * One step of training as models record it: validation loss when the model held rows out, and a score
 * (accuracy for classes, R² for numbers) when the model reports one (the tree models do).
 */
export type LearningPoint = { epoch: number; loss: number; validationLoss?: number; metric?: number; validationMetric?: number };

/**
 * Training (and validation) loss per epoch, iteration or tree, then the score per step when there is one.
 * `curveName` names the rows the curve is measured on: 'Training', or 'Out-of-bag' for a bootstrapped forest
 * (learningCurveName in engine/training/model-families.ts), which never scores its own training rows.
 */
export function LearningCurveChart({
  points,
  emptyText = 'Run the pipeline to see the learning curve.',
  scoreName = 'Score',
  curveName = 'Training',
}: {
  points: LearningPoint[] | undefined;
  emptyText?: string;
  scoreName?: string;
  curveName?: string;
}) {
  if (!points || points.length < 2) return <ChartEmpty>{emptyText}</ChartEmpty>;
  const steps = points.map((p) => p.epoch);
  const series: XYSeries[] = [{ label: `${curveName} loss`, color: colorAt(0), x: steps, y: points.map((p) => p.loss) }];
  const validation = points.filter((p) => typeof p.validationLoss === 'number');
  if (validation.length > 1) series.push({ label: 'Validation loss', color: colorAt(1), x: validation.map((p) => p.epoch), y: validation.map((p) => p.validationLoss!) });
  const first = points[0]!;
  const last = points.at(-1)!;
  const label = `Learning curve: ${curveName.toLowerCase()} loss from ${fmt(first.loss)} to ${fmt(last.loss)} over ${last.epoch} steps${validation.length > 1 ? `, validation loss ends at ${fmt(validation.at(-1)!.validationLoss)}` : ''}`;
  return (
    <>
      <ChartFigure
        title="Learning curve"
        legend={<ChartLegend items={series.map((s) => ({ label: s.label, color: s.color }))} />}
        table={{ columns: ['Step', `${curveName} loss`, ...(validation.length > 1 ? ['Validation loss'] : [])], rows: points.map((p) => [p.epoch, p.loss, ...(validation.length > 1 ? [p.validationLoss ?? ''] : [])]) }}
        renderChart={(size) => <XYChart series={series} size={size} label={label} xLabel="Step" yLabel="Loss" />}
      />
      <ScoreCurveChart points={points} scoreName={scoreName} curveName={curveName} />
    </>
  );
}

/** The score beside the loss: it reads in the units of the Evaluate metrics (higher is better). */
function ScoreCurveChart({ points, scoreName, curveName }: { points: LearningPoint[]; scoreName: string; curveName: string }) {
  const scored = points.filter((p) => typeof p.metric === 'number');
  if (scored.length < 2) return null;
  const validation = points.filter((p) => typeof p.validationMetric === 'number');
  const series: XYSeries[] = [{ label: `${curveName} ${scoreName.toLowerCase()}`, color: colorAt(0), x: scored.map((p) => p.epoch), y: scored.map((p) => p.metric!) }];
  if (validation.length > 1) series.push({ label: `Validation ${scoreName.toLowerCase()}`, color: colorAt(1), x: validation.map((p) => p.epoch), y: validation.map((p) => p.validationMetric!) });
  const last = scored.at(-1)!;
  const label = `${scoreName} by step: ${curveName.toLowerCase()} ${fmt(scored[0]!.metric)} to ${fmt(last.metric)} over ${last.epoch} steps${validation.length > 1 ? `, validation ends at ${fmt(validation.at(-1)!.validationMetric)}` : ''}`;
  return (
    <ChartFigure
      title={`${scoreName} by step`}
      legend={<ChartLegend items={series.map((s) => ({ label: s.label, color: s.color }))} />}
      table={{ columns: ['Step', ...series.map((s) => s.label)], rows: scored.map((p) => [p.epoch, p.metric!, ...(validation.length > 1 ? [p.validationMetric ?? ''] : [])]) }}
      renderChart={(size) => <XYChart series={series} size={size} label={label} xLabel="Step" yLabel={scoreName} />}
    />
  );
}
