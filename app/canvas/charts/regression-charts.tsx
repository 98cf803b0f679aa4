import type { MetricCurve } from '../../../engine/define-node';
import { ChartEmpty, ChartFigure, ChartLegend } from '../../components/ui/charts/chart-figure';
import { XYChart } from '../../components/ui/charts/xy-chart';
import { colorAt } from './chart-colors';

function range(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  return finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
}

/** Each sampled test row as actual (x) against predicted (y); points on the y = x line are exact. */
export function PredictedVsActual({ scatter, r2, emptyText = 'Run the pipeline to see predicted against actual values.' }: { scatter: MetricCurve | undefined; r2: number | undefined; emptyText?: string }) {
  if (!scatter?.x.length) return <ChartEmpty>{emptyText}</ChartEmpty>;
  const domain = range([...scatter.x, ...scatter.y]);
  const label = `Predicted vs actual, ${scatter.x.length} sampled test rows${r2 === undefined ? '' : `, R² ${r2.toFixed(2)}`}`;
  return (
    <ChartFigure
      title="Predicted vs actual"
      legend={<ChartLegend items={[{ label: 'Test rows', color: colorAt(0) }, { label: 'Perfect prediction (y = x)', color: '#94a3b8' }]} />}
      table={{ columns: ['Actual', 'Predicted'], rows: scatter.x.map((x, i) => [x, scatter.y[i]!]) }}
      renderChart={(size) => (
        <XYChart series={[{ label: 'Test rows', color: colorAt(0), x: scatter.x, y: scatter.y, points: true }]} size={size} label={label} xLabel="Actual" yLabel="Predicted" xDomain={domain} yDomain={domain} reference="diagonal" />
      )}
    />
  );
}

/** Residual (actual − predicted) against predicted: a shapeless band around 0 is what a good fit leaves. */
export function ResidualPlot({ residuals, emptyText = 'Run the pipeline to see the residual plot.' }: { residuals: MetricCurve | undefined; emptyText?: string }) {
  if (!residuals?.x.length) return <ChartEmpty>{emptyText}</ChartEmpty>;
  const [lo, hi] = range(residuals.y);
  const bound = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  return (
    <ChartFigure
      title="Residual plot"
      legend={<ChartLegend items={[{ label: 'Residual = actual − predicted', color: colorAt(1) }, { label: 'Zero', color: '#94a3b8' }]} />}
      table={{ columns: ['Predicted', 'Residual'], rows: residuals.x.map((x, i) => [x, residuals.y[i]!]) }}
      renderChart={(size) => (
        <XYChart
          series={[{ label: 'Residuals', color: colorAt(1), x: residuals.x, y: residuals.y, points: true }]}
          size={size}
          label={`Residual plot, ${residuals.x.length} sampled test rows, residuals from ${lo.toPrecision(3)} to ${hi.toPrecision(3)}`}
          xLabel="Predicted"
          yLabel="Residual"
          yDomain={[-bound, bound]}
          reference="zero"
        />
      )}
    />
  );
}
