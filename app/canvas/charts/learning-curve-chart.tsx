import { ChartEmpty, ChartFigure, ChartLegend } from '../../components/ui/charts/chart-figure';
import { XYChart, type XYSeries } from '../../components/ui/charts/xy-chart';
import { colorAt, fmt } from './chart-colors';

/** One step of training as models record it; validation loss appears when the model held rows out. */
export type LearningPoint = { epoch: number; loss: number; validationLoss?: number };

/** Training (and validation) loss per epoch, iteration or tree. */
export function LearningCurveChart({ points, emptyText = 'Run the pipeline to see the learning curve.' }: { points: LearningPoint[] | undefined; emptyText?: string }) {
  if (!points || points.length < 2) return <ChartEmpty>{emptyText}</ChartEmpty>;
  const steps = points.map((p) => p.epoch);
  const series: XYSeries[] = [{ label: 'Training loss', color: colorAt(0), x: steps, y: points.map((p) => p.loss) }];
  const validation = points.filter((p) => typeof p.validationLoss === 'number');
  if (validation.length > 1) series.push({ label: 'Validation loss', color: colorAt(1), x: validation.map((p) => p.epoch), y: validation.map((p) => p.validationLoss!) });
  const first = points[0]!;
  const last = points.at(-1)!;
  const label = `Learning curve: training loss from ${fmt(first.loss)} to ${fmt(last.loss)} over ${last.epoch} steps${validation.length > 1 ? `, validation loss ends at ${fmt(validation.at(-1)!.validationLoss)}` : ''}`;
  return (
    <ChartFigure
      title="Learning curve"
      legend={<ChartLegend items={series.map((s) => ({ label: s.label, color: s.color }))} />}
      table={{ columns: ['Step', 'Training loss', ...(validation.length > 1 ? ['Validation loss'] : [])], rows: points.map((p) => [p.epoch, p.loss, ...(validation.length > 1 ? [p.validationLoss ?? ''] : [])]) }}
      renderChart={(size) => <XYChart series={series} size={size} label={label} xLabel="Epoch" yLabel="Loss" />}
    />
  );
}
