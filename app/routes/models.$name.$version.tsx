import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { EvaluationCharts } from '~/canvas/charts/evaluation-charts';
import { editorLinks } from '~/canvas/pipeline-editor';
import { SettingsPage } from '~/components/settings-page';
import { Section } from '~/components/ui/section';
import type { MetricsSummary } from '../../engine/io/summarize-metrics';
import type { ModelInputSchema, RunLineage } from '../../engine/define-node';
import { formatMetricValue } from '../../engine/registry/metric-direction';
import { ActionResult } from '~/registry/action-result';
import { ModelsCrumb } from '~/registry/models-crumb';
import { handleRegistryAction, loadVersionPage } from '~/registry/models.server';
import { StageActions } from '~/registry/stage-actions';
import { StageBadge } from '~/registry/stage-badge';
import { TryItForm } from '~/registry/try-it-form';
import { metricLabel } from '../../engine/registry/metric-label';
import { formatCount } from '../../engine/format-count';
import { orderVersionMetrics } from '~/registry/metric-order';
import { registeredCharts } from '~/registry/registered-evaluation';
import type { Task } from '../../engine/training/model-family';

export const links: LinksFunction = () => editorLinks;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.model.name} version ${data.version.version} · Pipewright` : 'Model version · Pipewright' }];

function versionNumber(raw: string | undefined) {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Response(`'${raw}' is not a version number.`, { status: 404 });
  return n;
}

export const loader = ({ request, context, params }: LoaderFunctionArgs) => loadVersionPage({ request, context }, params.name ?? '', versionNumber(params.version));
export const action = ({ request, context, params }: ActionFunctionArgs) => handleRegistryAction({ request, context }, params.name ?? '');

function Lineage({ lineage }: { lineage: RunLineage }) {
  return (
    <ul className="space-y-1 text-sm">
      <li>
        Run{' '}
        <Link className="text-indigo-700 hover:underline" to={`/runs/${lineage.runId}`}>
          #{lineage.runNumber} of {lineage.pipelineName}
        </Link>
        , node {lineage.nodeId}
      </li>
      <li>
        Pipeline{' '}
        <Link className="text-indigo-700 hover:underline" to={`/pipelines/${lineage.pipelineId}`}>
          {lineage.pipelineName}
        </Link>{' '}
        version {lineage.pipelineVersion}
      </li>
      {lineage.datasets.map((d, i) => (
        <li key={i}>
          {d.source === 'upload' ? (
            <>
              Dataset{' '}
              <Link className="text-indigo-700 hover:underline" to={`/datasets/${d.datasetId}`}>
                {d.name} version {d.version}
              </Link>{' '}
              ({formatCount(d.rows)} rows)
            </>
          ) : d.source === 'sample' ? (
            <>Sample dataset {d.name}</>
          ) : (
            <>
              Fetched from <span className="break-all">{d.url}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export default function ModelVersionPage() {
  const { viewer, model, version } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/models/${encodeURIComponent(model.name)}`;
  const schema = version.inputSchema as ModelInputSchema;
  const evaluation = version.evaluation as MetricsSummary | null;
  const charts = evaluation ? registeredCharts(evaluation, version.classes) : null;
  return (
    <SettingsPage
      viewer={viewer}
      wide
      breadcrumb={<ModelsCrumb model={model.name} />}
      title={
        <>
          {model.name} version {version.version} <StageBadge stage={version.stage} />
        </>
      }
      intro={`${version.algorithm} · ${version.task} of ${version.target}${version.classes.length ? ` (${version.classes.join(', ')})` : ''}`}
      actions={
        <a href={`${base}/${version.version}/bundle`} download className="rounded-md px-3 py-1.5 text-sm text-indigo-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
          Download bundle
        </a>
      }
    >
      <ActionResult result={result} />
      {viewer.canEdit ? <StageActions version={version.version} stage={version.stage} /> : null}

      <Section plain title="Metrics">
        <dl className="grid grid-cols-4 gap-2">
          {orderVersionMetrics(version.metrics).map(([name, value]) => (
            <div key={name} className="rounded-md bg-slate-50 px-2 py-1.5 ring-1 ring-inset ring-slate-200">
              <dt className="text-[11px] text-slate-500">{metricLabel(name, version.task as Task, version.curveName)}</dt>
              <dd className="text-sm font-semibold tabular-nums">{formatMetricValue(value)}</dd>
            </div>
          ))}
        </dl>
      </Section>

      <Section title="Try it" description="A record as your data has it, before the preparation steps (Impute, One-hot…) that this version applies to it as in training; this version answers.">
        <TryItForm model={model.name} version={version.version} target={version.target} schema={schema} />
      </Section>

      <div className="grid grid-cols-2 gap-8">
        <Section plain title="Hyperparameters">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {version.hyperparameters.map(({ label, value }) => (
              <div key={label} className="contents">
                <dt className="text-slate-500">{label}</dt>
                <dd className="tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <Section plain title="Input schema">
          <ul className="text-sm">
            {schema.columns.map((c) => (
              <li key={c.name}>
                <span className="font-medium">{c.name}</span> <span className="text-slate-500">{c.kind}</span>
              </li>
            ))}
          </ul>
        </Section>
      </div>

      {version.lineage ? (
        <Section plain title="Lineage">
          <Lineage lineage={version.lineage as RunLineage} />
        </Section>
      ) : null}

      <Section plain title="Evaluation">
        {/* Evaluate summaries from before curves were named lack the name: the version's model says it. */}
        {charts ? (
          <EvaluationCharts metrics={{ learningCurveName: version.curveName, ...charts.metrics }} layout="grid" rocSeries={charts.rocSeries} missingText={charts.missingText} />
        ) : (
          <p className="text-sm text-slate-500">The run had no Evaluate or Compare node scoring this model.</p>
        )}
      </Section>
    </SettingsPage>
  );
}
