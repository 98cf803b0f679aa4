import { useId } from 'react';
import type { ComparisonValue } from '../../../engine/define-node';
import { COMPARE_METRICS } from '../../../engine/training/compare-ranking';
import { ChartEmpty, ChartFigure, ChartLegend } from '../../components/ui/charts/chart-figure';
import { XYChart } from '../../components/ui/charts/xy-chart';
import { formatMetric } from '../node-outputs';
import { colorAt, fmt } from './chart-colors';
import { metricLabel } from '../../../engine/registry/metric-label';

const CLASSIFICATION_COLUMNS = ['roc_auc', 'accuracy', 'balanced_accuracy', 'f1_macro', 'log_loss'];
const REGRESSION_COLUMNS = ['r2', 'rmse', 'mae', 'mape'];
const titleOf = (metric: string) => COMPARE_METRICS.find((m) => m.id === metric)?.title ?? metricLabel(metric);

/**
 * A Compare output: the models' scores side by side, best first and marked, then their ROC curves
 * overlaid (classification) or their predicted-vs-actual samples overlaid (regression).
 */
export function ComparisonCharts({ comparison, layout = 'stack' }: { comparison: ComparisonValue | undefined; layout?: 'stack' | 'grid' }) {
  if (!comparison) return <ChartEmpty>Run the pipeline to see the models ranked side by side, with their ROC curves (or, for regression, predicted-vs-actual values) overlaid.</ChartEmpty>;
  return (
    <div className={layout === 'grid' ? 'grid grid-cols-[repeat(auto-fill,minmax(18rem,1fr))] items-start gap-4' : 'space-y-4'}>
      <ComparisonTable comparison={comparison} />
      {comparison.task === 'classification' ? <OverlaidRoc comparison={comparison} /> : <OverlaidPredictions comparison={comparison} />}
    </div>
  );
}

function ComparisonTable({ comparison }: { comparison: ComparisonValue }) {
  const columns = [comparison.metric, ...(comparison.task === 'classification' ? CLASSIFICATION_COLUMNS : REGRESSION_COLUMNS).filter((c) => c !== comparison.metric)];
  const direction = comparison.higherIsBetter ? 'highest first' : 'lowest first';
  const captionId = useId();
  const tied = comparison.models.filter((m) => m.rank === 1).length;
  return (
    <div>
      {/* Outside the table, so it wraps at the panel's width while a wide table scrolls under it. */}
      <p id={captionId} className="mb-1 text-[11px] font-medium text-slate-600">
        Model comparison: {comparison.models.length} models ranked by {titleOf(comparison.metric)} ({direction}) on {comparison.testRows.toLocaleString('en-US')} test rows
      </p>
      <div className="overflow-x-auto pb-1">
        <table aria-labelledby={captionId} className="w-full text-left text-[11px] tabular-nums">
        <thead>
          <tr className="text-slate-500">
            <th scope="col" className="px-1 font-medium">
              Rank
            </th>
            <th scope="col" className="px-1 font-medium">
              Model
            </th>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-1 font-medium">
                {titleOf(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {comparison.models.map((m) => {
            const best = m.rank === 1;
            return (
              <tr key={m.source} className={`border-t border-slate-100 text-slate-800 ${best ? 'bg-emerald-50' : ''}`} aria-label={best ? `${m.label}, best model` : undefined}>
                <td className="px-1">{m.rank}</td>
                <th scope="row" className="px-1 font-medium" title={m.label}>
                  {/* The name truncates, the badge never: a cut badge read as a stray green bar. */}
                  <span className="flex max-w-[10rem] items-center gap-1">
                    <span className="truncate">{m.label}</span>
                    {best ? <span className="shrink-0 rounded bg-emerald-600 px-1 text-[9px] font-semibold uppercase text-white">Best</span> : null}
                  </span>
                </th>
                {columns.map((c) => (
                  <td key={c} className={`px-1 ${c === comparison.metric ? 'font-semibold' : ''}`}>
                    {m.metrics[c] === undefined ? '–' : formatMetric(m.metrics[c]!)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
        </table>
      </div>
      {tied > 1 ? (
        <p className="mt-1 text-[11px] text-slate-500">
          {tied} models tie for best and share rank 1; the first of them, in the order they are connected to Compare, is the one named and registered as best.
        </p>
      ) : null}
    </div>
  );
}

function OverlaidRoc({ comparison }: { comparison: ComparisonValue }) {
  const models = comparison.models.filter((m) => m.roc);
  if (!models.length) return <ChartEmpty>No model has an ROC curve: the test rows need both positive and negative examples of a class.</ChartEmpty>;
  const which = comparison.positiveClass ? `positive class: ${comparison.positiveClass}` : 'macro average of one vs rest';
  const series = models.map((m, i) => ({ label: m.label, color: colorAt(i), x: m.roc!.x, y: m.roc!.y }));
  const legend = [...models.map((m, i) => ({ label: `${m.label} (AUC ${fmt(m.roc!.auc ?? m.metrics.roc_auc)})`, color: colorAt(i) })), { label: 'Chance', color: '#94a3b8' }];
  const label = `ROC curves of ${models.length} models (${which}), AUC ${models.map((m) => `${m.label} ${fmt(m.roc!.auc ?? m.metrics.roc_auc)}`).join(', ')}`;
  return (
    <ChartFigure
      title={`ROC curves compared (${which})`}
      legend={<ChartLegend items={legend} />}
      table={{ columns: ['Model', 'False positive rate', 'True positive rate'], rows: models.flatMap((m) => m.roc!.x.map((x, i) => [m.label, x, m.roc!.y[i]!])) }}
      renderChart={(size) => <XYChart series={series} size={size} label={label} xLabel="False positive rate" yLabel="True positive rate" xDomain={[0, 1]} yDomain={[0, 1]} reference="diagonal" />}
    />
  );
}

function OverlaidPredictions({ comparison }: { comparison: ComparisonValue }) {
  const models = comparison.models.filter((m) => m.scatter?.x.length);
  if (!models.length) return <ChartEmpty>Run the pipeline to see predicted against actual values.</ChartEmpty>;
  const values = models.flatMap((m) => [...m.scatter!.x, ...m.scatter!.y]).filter(Number.isFinite);
  const domain: [number, number] = values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
  const series = models.map((m, i) => ({ label: m.label, color: colorAt(i), x: m.scatter!.x, y: m.scatter!.y, points: true }));
  const legend = [...models.map((m, i) => ({ label: `${m.label} (R² ${fmt(m.metrics.r2)})`, color: colorAt(i) })), { label: 'Perfect prediction (y = x)', color: '#94a3b8' }];
  return (
    <ChartFigure
      title="Predicted vs actual compared"
      legend={<ChartLegend items={legend} />}
      table={{ columns: ['Model', 'Actual', 'Predicted'], rows: models.flatMap((m) => m.scatter!.x.map((x, i) => [m.label, x, m.scatter!.y[i]!])) }}
      renderChart={(size) => (
        <XYChart
          series={series}
          size={size}
          label={`Predicted vs actual of ${models.length} models on the same sampled test rows, R² ${models.map((m) => `${m.label} ${fmt(m.metrics.r2)}`).join(', ')}`}
          xLabel="Actual"
          yLabel="Predicted"
          xDomain={domain}
          yDomain={domain}
          reference="diagonal"
        />
      )}
    />
  );
}
