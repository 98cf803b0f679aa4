import { useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import { useId } from 'react';
import { getNodeType } from '../../engine/registry';
import { ComparisonCharts } from './charts/comparison-charts';
import { EvaluationCharts } from './charts/evaluation-charts';
import { Button } from '../components/ui/button';
import { CloseIcon } from '../components/ui/icons';
import { Field, SectionTitle, inputClass } from '../components/ui/field';
import { StatusBadge } from '../components/ui/status-badge';
import { styleOfCategory } from './categories';
import { useEditor } from './editor-context';
import type { PipelineFlowNode } from './editor-types';
import { comparisonOf, metricsOf } from './node-outputs';
import { findDataset } from './graph-analysis';
import { NodeNoteField } from './node-note-field';
import { NodeRunResults } from './node-run-results';
import { ParamForm } from './param-form';
import { urlSchemaKey } from './editor-types';
import { UrlColumnsStatus } from './url-columns-status';
import { whyNoColumns } from './upstream-status';
import { urlRefOf } from './use-url-schemas';
import { learningCurveName } from '../../engine/training/model-families';

const edgesOf = (s: ReactFlowState) => s.edges;

/** The right-hand panel: the selected node's label, generic param form, problems and last-run output. */
export function NodeSettings({ node }: { node: PipelineFlowNode | undefined }) {
  return (
    <aside aria-label="Node settings" className="flex w-80 shrink-0 flex-col overflow-y-auto border-l border-slate-200 bg-white">
      {node ? (
        <SelectedNodeSettings key={node.id} node={node} />
      ) : (
        <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center">
          <div aria-hidden="true" className="grid h-10 w-10 place-items-center rounded-full bg-slate-100 text-lg text-slate-400">
            ⚙
          </div>
          <p className="text-sm font-medium text-slate-700">Select a node to configure it</p>
          <p className="text-xs text-slate-500">Its settings, problems and results appear here.</p>
        </div>
      )}
    </aside>
  );
}

function SelectedNodeSettings({ node }: { node: PipelineFlowNode }) {
  const { dispatch, analysis, problems, run, datasets, urlSchemas, readOnly } = useEditor();
  const edges = useStore(edgesOf);
  const { getNodes } = useReactFlow<PipelineFlowNode>();
  const labelId = useId();
  const def = getNodeType(node.data.type);
  const nodeProblems = problems.get(node.id) ?? [];
  const nodeWarnings = analysis.warnings.filter((w) => w.nodeId === node.id).map((w) => w.message);
  const nodeRun = run.nodes[node.id];
  const metrics = metricsOf(nodeRun?.outputs);
  if (!def) {
    return <p className="p-4 text-sm text-red-700">Unknown node type “{node.data.type}”. Delete this node.</p>;
  }
  const style = styleOfCategory(def.category);
  const urlRef = urlRefOf(node);
  const urlSchema = urlRef && urlSchemas[urlSchemaKey(urlRef)];
  const sourceColumns = urlRef ? (urlSchema?.status === 'read' ? urlSchema.schema.columns : undefined) : findDataset(datasets, node.data.params.dataset)?.schema?.columns;
  const title = node.data.label || def.title;
  const reportsMetrics = def.outputs.some((port) => port.kinds.includes('metrics'));
  const reportsComparison = def.outputs.some((port) => port.kinds.includes('comparison'));

  return (
    <div className="divide-y divide-slate-100">
      <header className="space-y-3 p-4">
        <div className="flex items-start justify-between gap-2">
          <div className="min-w-0">
            <span className={`inline-block rounded px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wider ${style.soft} ${style.text}`}>
              {style.label}
            </span>
            <h2 className="mt-1 truncate text-base font-semibold text-slate-900">{def.title}</h2>
            <p className="text-xs text-slate-500">{def.description}</p>
          </div>
          <div className="flex shrink-0 items-center gap-1">
            <StatusBadge status={nodeRun?.status ?? 'idle'} label={`${title} run status: ${nodeRun?.status ?? 'idle'}`} />
            {/* Below lg the panel lies over the canvas: closing it (deselecting) gives the canvas back. */}
            <Button size="sm" variant="ghost" className="lg:hidden" aria-label="Close node settings" onClick={() => dispatch({ type: 'nodeSelected', id: null })}>
              <CloseIcon width={14} height={14} />
            </Button>
          </div>
        </div>
        <Field id={labelId} label="Label">
          <input
            id={labelId}
            className={inputClass}
            value={node.data.label ?? ''}
            placeholder={def.title}
            maxLength={120}
            onChange={(e) => dispatch({ type: 'labelChanged', id: node.id, label: e.target.value })}
          />
        </Field>
        <NodeNoteField node={node} />
        <Button
          size="sm"
          variant="ghost"
          className="!text-red-700 hover:!bg-red-50"
          aria-label={`Delete ${title} node`}
          onClick={() => {
            dispatch({ type: 'nodeSelected', id: node.id });
            dispatch({ type: 'selectionDeleted' });
          }}
        >
          Delete node
        </Button>
      </header>

      <NodeMessages id={`${labelId}-problems`} kind="problem" messages={nodeProblems} />
      <NodeMessages id={`${labelId}-warnings`} kind="warning" messages={nodeWarnings} />

      <section className="space-y-3 p-4">
        <SectionTitle>Settings</SectionTitle>
        <ParamForm
          def={def}
          params={node.data.params}
          inputSchemas={analysis.inputSchemas[node.id]}
          sourceColumns={sourceColumns}
          noColumns={(port) => whyNoColumns(node.id, port, getNodes(), edges, problems, getNodeType)}
          onChange={(params) => dispatch({ type: 'paramsChanged', id: node.id, params })}
        />
        {urlRef ? <UrlColumnsStatus urlRef={urlRef} /> : null}
      </section>

      {nodeRun ? (
        <NodeRunResults
          nodeRun={nodeRun}
          def={def}
          title={title}
          heading="Last run"
          registerFrom={run.id && !readOnly ? { runId: run.id, nodeId: node.id } : undefined}
          curveName={node.data.type === 'train' ? learningCurveName(String(node.data.params.model ?? ''), node.data.params.hyperparameters) : undefined}
        />
      ) : null}

      {reportsMetrics ? (
        <section className="space-y-3 p-4" aria-label="Evaluation charts">
          <SectionTitle>Evaluation</SectionTitle>
          <EvaluationCharts metrics={metrics} />
        </section>
      ) : null}

      {reportsComparison ? (
        <section className="space-y-3 p-4" aria-label="Model comparison">
          <SectionTitle>Comparison</SectionTitle>
          <ComparisonCharts comparison={comparisonOf(nodeRun?.outputs)} />
        </section>
      ) : null}
    </div>
  );
}

const MESSAGE_TONES = {
  problem: { heading: 'text-red-600', item: 'bg-red-50 text-red-800 ring-red-200' },
  warning: { heading: 'text-amber-700', item: 'bg-amber-50 text-amber-900 ring-amber-200' },
};

/** The node's problems or its warnings, under a heading that counts them; nothing when there are none. */
function NodeMessages({ id, kind, messages }: { id: string; kind: keyof typeof MESSAGE_TONES; messages: string[] }) {
  if (!messages.length) return null;
  const tone = MESSAGE_TONES[kind];
  return (
    <section className="space-y-2 p-4" aria-labelledby={id}>
      <h3 id={id} className={`text-[11px] font-semibold uppercase tracking-wider ${tone.heading}`}>
        {messages.length === 1 ? `1 ${kind}` : `${messages.length} ${kind}s`}
      </h3>
      <ul className="space-y-1.5">
        {messages.map((m) => (
          <li key={m} className={`rounded-md px-2.5 py-1.5 text-xs ring-1 ring-inset ${tone.item}`}>
            {m}
          </li>
        ))}
      </ul>
    </section>
  );
}
