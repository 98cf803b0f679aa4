import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { EvaluationCharts } from '~/canvas/charts/evaluation-charts';
import { editorLinks } from '~/canvas/pipeline-editor';
import { AppHeader } from '~/components/app-header';
import type { MetricsSummary } from '../../engine/io/summarize-metrics';
import type { RunLineage } from '../../engine/define-node';
import type { TableSchema } from '../../engine/table';
import { formatMetricValue } from '../../engine/registry/metric-direction';
import { ActionResult } from '~/registry/action-result';
import { handleRegistryAction, loadVersionPage } from '~/registry/models.server';
import { StageActions } from '~/registry/stage-actions';
import { StageBadge } from '~/registry/stage-badge';
import { TryItForm } from '~/registry/try-it-form';

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
              ({d.rows} rows)
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
  const schema = version.inputSchema as TableSchema;
  const evaluation = version.evaluation as MetricsSummary | null;
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName}>
        <Link to="/models" className="text-sm text-slate-600 hover:underline">
          Models
        </Link>
        <span className="text-sm text-slate-400" aria-hidden>
          /
        </span>
        <Link to={base} className="text-sm text-slate-600 hover:underline">
          {model.name}
        </Link>
      </AppHeader>
      <main className="mx-auto w-full max-w-5xl flex-1 space-y-8 px-6 py-10">
        <div className="flex items-center justify-between gap-4">
          <div>
            <h1 className="flex items-center gap-3 text-2xl font-semibold">
              {model.name} version {version.version} <StageBadge stage={version.stage} />
            </h1>
            <p className="text-sm text-slate-500">
              {version.algorithm} · {version.task} of {version.target}
              {version.classes.length ? ` (${version.classes.join(', ')})` : ''}
            </p>
          </div>
          <a href={`${base}/${version.version}/bundle`} download className="rounded-md px-3 py-1.5 text-sm text-indigo-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Download bundle
          </a>
        </div>
        <ActionResult result={result} />
        {viewer.canEdit ? <StageActions version={version.version} stage={version.stage} /> : null}

        <section aria-labelledby="metrics-title" className="space-y-2">
          <h2 id="metrics-title" className="text-base font-medium">
            Metrics
          </h2>
          <dl className="grid grid-cols-4 gap-2">
            {Object.entries(version.metrics).map(([name, value]) => (
              <div key={name} className="rounded-md bg-slate-50 px-2 py-1.5 ring-1 ring-inset ring-slate-200">
                <dt className="text-[11px] text-slate-500">{name}</dt>
                <dd className="text-sm font-semibold tabular-nums">{formatMetricValue(value)}</dd>
              </div>
            ))}
          </dl>
        </section>

        <section aria-labelledby="try-title" className="space-y-2 rounded-xl border border-slate-200 bg-white p-5">
          <h2 id="try-title" className="text-base font-medium">
            Try it
          </h2>
          <p className="text-xs text-slate-500">A record as the pipeline received it, before preprocessing; this version answers.</p>
          <TryItForm model={model.name} version={version.version} schema={schema} />
        </section>

        <div className="grid grid-cols-2 gap-8">
          <section aria-labelledby="params-title" className="space-y-2">
            <h2 id="params-title" className="text-base font-medium">
              Hyperparameters
            </h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              {Object.entries(version.hyperparameters).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-500">{k}</dt>
                  <dd className="tabular-nums">{JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-labelledby="schema-title" className="space-y-2">
            <h2 id="schema-title" className="text-base font-medium">
              Input schema
            </h2>
            <ul className="text-sm">
              {schema.columns.map((c) => (
                <li key={c.name}>
                  <span className="font-medium">{c.name}</span> <span className="text-slate-500">{c.kind}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>

        {version.lineage ? (
          <section aria-labelledby="lineage-title" className="space-y-2">
            <h2 id="lineage-title" className="text-base font-medium">
              Lineage
            </h2>
            <Lineage lineage={version.lineage as RunLineage} />
          </section>
        ) : null}

        <section aria-labelledby="charts-title" className="space-y-2">
          <h2 id="charts-title" className="text-base font-medium">
            Evaluation
          </h2>
          {evaluation ? <EvaluationCharts metrics={evaluation} layout="grid" /> : <p className="text-sm text-slate-500">The run had no Evaluate node scoring this model.</p>}
        </section>
      </main>
    </div>
  );
}
