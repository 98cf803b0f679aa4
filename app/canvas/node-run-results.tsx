import type { PortDef } from '../../engine/define-node';
import { SectionTitle } from '../components/ui/field';
import { RegisterModelForm } from '../registry/register-model-form';
import { ProgressBar } from '../components/ui/progress-bar';
import { ComparisonCharts } from './charts/comparison-charts';
import { EvaluationCharts } from './charts/evaluation-charts';
import { LearningCurveChart } from './charts/learning-curve-chart';
import type { NodeRunState } from './editor-types';
import { modelCardOf } from './model-card';
import { ModelCard } from './model-card-view';
import { comparisonOf, describeOutput, formatMetric, learningCurveOf, metricsOf, orderedMetrics } from './node-outputs';
import { metricLabel } from '../../engine/registry/metric-label';

/**
 * What one run did at one node: progress, message, output facts, learning curve, model card, metrics and
 * log. The editor's settings panel shows it for the latest run; the run page for the run it shows, with
 * the evaluation and comparison charts too (`charts`; the editor keeps those in sections of their own).
 */
export function NodeRunResults({
  nodeRun,
  def,
  title,
  heading,
  charts = false,
  registerFrom,
  curveName,
}: {
  nodeRun: NodeRunState;
  def: { outputs: readonly PortDef[] };
  title: string;
  heading: string;
  charts?: boolean;
  /** The run and node a model may be registered from (editors; absent for viewers). */
  registerFrom?: { runId: string; nodeId: string };
  /** What a curve streamed before the model exists is measured on (the model's card says so once it does). */
  curveName?: string;
}) {
  const metrics = metricsOf(nodeRun.outputs);
  const modelCard = modelCardOf(nodeRun.outputs);
  const comparison = comparisonOf(nodeRun.outputs);
  // The winner of a comparison, registered from its own Train node (ties: the first the table lists).
  const best = comparison?.models.find((m) => m.rank === 1);
  const curve = learningCurveOf(nodeRun.outputs, nodeRun.curve);
  return (
    <section className="space-y-3 p-4">
      <SectionTitle>{heading}</SectionTitle>
      {nodeRun.status === 'running' ? <ProgressBar value={nodeRun.progress} label={`${title} progress`} /> : null}
      {nodeRun.message ? (
        <p className={`text-xs ${nodeRun.status === 'failed' ? 'rounded-md bg-red-50 p-2 text-red-800' : 'text-slate-600'}`}>{nodeRun.message}</p>
      ) : null}
      {Object.entries(nodeRun.outputs ?? {}).map(([port, value]) => {
        const facts = describeOutput(value);
        const portLabel = def.outputs.find((p) => p.name === port)?.label ?? port;
        return facts.length ? (
          <div key={port} className="text-xs text-slate-700">
            <span className="font-medium">{portLabel}:</span> {facts.join(' · ')}
          </div>
        ) : null;
      })}
      {/* The curve first: it is what moves while training, and the card below it is long. */}
      {curve.length >= 2 ? <LearningCurveChart points={curve} curveName={modelCard?.curveName ?? curveName} /> : null}
      {modelCard ? <ModelCard card={modelCard} /> : null}
      {modelCard && registerFrom && nodeRun.status === 'succeeded' ? <RegisterModelForm key={registerFrom.runId} {...registerFrom} /> : null}
      {best && registerFrom && nodeRun.status === 'succeeded' ? (
        <RegisterModelForm key={`${registerFrom.runId}:${best.source}`} runId={registerFrom.runId} nodeId={best.source} label={`Register the best model (${best.label})`} />
      ) : null}
      {metrics ? (
        <dl className="grid grid-cols-2 gap-2">
          {orderedMetrics(metrics).map(([name, v]) => (
            <div key={name} className="rounded-md bg-slate-50 px-2 py-1.5 ring-1 ring-inset ring-slate-200">
              <dt className="text-[11px] text-slate-500">{metricLabel(name)}</dt>
              <dd className="text-sm font-semibold tabular-nums text-slate-900">{formatMetric(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {charts && metrics ? <EvaluationCharts metrics={metrics} /> : null}
      {charts && comparison ? <ComparisonCharts comparison={comparison} /> : null}
      {nodeRun.logs.length ? (
        <details className="text-xs" open={charts || undefined}>
          <summary className="cursor-pointer text-slate-600">Log ({nodeRun.logs.length})</summary>
          <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap rounded bg-slate-900 p-2 font-mono text-[10px] text-slate-100">{nodeRun.logs.join('\n')}</pre>
        </details>
      ) : null}
    </section>
  );
}
