import { ChartEmpty } from '../../components/ui/charts/chart-figure';
import { ConfusionMatrix } from '../../components/ui/confusion-matrix';
import { learningPointsOf, type MetricsSummary } from '../node-outputs';
import { ClassReportTable } from './class-report-table';
import { CurveChart, type CurveKind, type CurveSeries } from './curve-charts';
import { ImportanceChart } from './importance-chart';
import { LearningCurveChart } from './learning-curve-chart';
import { PredictedVsActual, ResidualPlot } from './regression-charts';

/** A chart of EvaluationCharts that its data may lack. */
export type EvaluationChart = CurveKind | 'scatter' | 'residuals' | 'importance' | 'learning-curve';

/**
 * Every chart of an Evaluate output: classification curves and tables or regression plots, then
 * feature importance and the model's learning curve. Before a run, one line says what will appear.
 * `grid` lays them side by side where there is room (the preview panel); `stack` fits the settings panel.
 * `rocSeries` says what the ROC curves stand for (see CurveSeries). `missingText` says what a chart whose
 * data is absent shows instead; by default, that a run draws it (a registered version's page says otherwise).
 */
export function EvaluationCharts({
  metrics,
  layout = 'stack',
  rocSeries,
  missingText = () => undefined,
}: {
  metrics: MetricsSummary | undefined;
  layout?: 'stack' | 'grid';
  rocSeries?: CurveSeries;
  missingText?: (chart: EvaluationChart) => string | undefined;
}) {
  if (!metrics) {
    return <ChartEmpty>Run the pipeline to see the ROC curve, confusion matrix, feature importance and learning curve (or, for a regression model, predicted-vs-actual and residual plots).</ChartEmpty>;
  }
  const { curves, importance } = metrics;
  return (
    <div className={layout === 'grid' ? 'grid grid-cols-[repeat(auto-fill,minmax(18rem,1fr))] items-start gap-4' : 'space-y-4'}>
      {metrics.notes?.length ? (
        <ul className="space-y-1 text-xs text-amber-900">
          {metrics.notes.map((n) => (
            <li key={n} className="rounded-md bg-amber-50 px-2 py-1 ring-1 ring-inset ring-amber-200">
              {n}
            </li>
          ))}
        </ul>
      ) : null}
      {metrics.task === 'regression' ? (
        <>
          <PredictedVsActual scatter={curves?.scatter} r2={metrics.metrics.r2} emptyText={missingText('scatter')} />
          <ResidualPlot residuals={curves?.residuals} emptyText={missingText('residuals')} />
        </>
      ) : (
        <>
          {metrics.confusionMatrix ? <ConfusionMatrix {...metrics.confusionMatrix} /> : null}
          {metrics.perClass?.length ? <ClassReportTable rows={metrics.perClass} /> : null}
          <CurveChart kind="roc" curves={curves?.roc} series={rocSeries} emptyText={missingText('roc')} />
          <CurveChart kind="pr" curves={curves?.pr} emptyText={missingText('pr')} />
          <CurveChart kind="calibration" curves={curves?.calibration} emptyText={missingText('calibration')} />
        </>
      )}
      <ImportanceChart kind="permutation" rows={importance?.permutation} scoring={importance?.scoring ?? ''} emptyText={missingText('importance')} />
      {importance?.model?.length ? <ImportanceChart kind="model" rows={importance.model} scoring={importance.scoring} /> : null}
      <LearningCurveChart
        points={learningPointsOf(metrics.learningCurve)}
        emptyText={missingText('learning-curve') ?? 'This model recorded no learning curve.'}
        scoreName={metrics.task === 'regression' ? 'R²' : 'Accuracy'}
        curveName={metrics.learningCurveName}
      />
    </div>
  );
}
