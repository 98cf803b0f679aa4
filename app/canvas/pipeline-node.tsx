import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { getNodeType } from '../../engine/registry';
import { ProgressBar } from '../components/ui/progress-bar';
import { StatusBadge, type RunStatus } from '../components/ui/status-badge';
import { AlertIcon, NoteIcon } from '../components/ui/icons';
import { styleOfCategory } from './categories';
import { useEditor } from './editor-context';
import type { PipelineFlowNode } from './editor-types';
import { datasetLabelOf } from './graph-analysis';
import { ConnectOutputButton } from './keyboard-wiring';
import { describeModel, describeOutput, formatMetric, headlineMetric, metricsOf } from './node-outputs';
import { useWireHints, type WireHint } from './wire-hints';
import { metricLabel } from '../../engine/registry/metric-label';

/** The note on a node whose shown results come from a run of an earlier configuration. */
const staleText: Record<string, { text: string; help: string }> = {
  changed: { text: 'Stale: changed since this run', help: 'Its settings or connections changed after the run shown; run again to refresh its results.' },
  upstream: { text: 'Stale: an earlier step changed', help: 'A step feeding it changed after the run shown; run again to refresh its results.' },
  added: { text: 'Not in this run', help: 'Added after the run shown; run again to get its results.' },
};

const handleClass = '!h-3 !w-3 !border-2 !border-white transition-[opacity,background-color,box-shadow]';
const hintClass: Record<NonNullable<WireHint> | 'none', string> = {
  none: '!bg-slate-400 hover:!bg-indigo-500',
  accepts: '!bg-emerald-500 shadow-[0_0_0_4px_rgba(16,185,129,0.35)]',
  refuses: '!bg-slate-300 opacity-30',
};

/** The one generic node view: every node type renders through it, driven by its registry definition. */
export const PipelineNode = memo(function PipelineNode({ id, data, selected }: NodeProps<PipelineFlowNode>) {
  const { run, stale, problems: allProblems, datasets, analysis, readOnly } = useEditor();
  const def = getNodeType(data.type);
  const label = data.label || def?.title || data.type;
  const model = Object.values(analysis.outputSchemas[id] ?? {}).find((s) => s.kind === 'model');
  const subtitle = [
    data.label && def && data.label !== def.title ? def.title : undefined,
    def && datasetLabelOf(def, data.params, datasets),
    model?.kind === 'model' ? describeModel(model.algorithm, model.task) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const style = styleOfCategory(def?.category ?? 'preprocess');
  const nodeRun = run.nodes[id];
  const status: RunStatus = nodeRun?.status ?? 'idle';
  const problems = def ? allProblems.get(id) ?? [] : [`Unknown node type "${data.type}".`];
  const failed = status === 'failed' || status === 'dead_letter';
  const runError = failed ? nodeRun?.message : undefined;
  const metrics = metricsOf(nodeRun?.outputs);
  const headline = metrics && headlineMetric(metrics);
  const outputFact = !metrics && status === 'succeeded' ? describeOutput(Object.values(nodeRun?.outputs ?? {})[0])[0] : undefined;
  const rows = Math.max(def?.inputs.length ?? 0, def?.outputs.length ?? 0);
  const tooltipId = `${id}-problems`;
  const flagged = problems.length > 0 || failed;
  // Notes that do not stop a run (a step learning from rows before the Split): amber, and only when nothing is wrong.
  const warnings = flagged ? [] : analysis.warnings.filter((w) => w.nodeId === id).map((w) => w.message);
  const explained = flagged || warnings.length > 0;
  const hintOf = useWireHints(id);
  const staleNote = run.phase !== 'idle' ? staleText[stale.get(id) ?? ''] : undefined;

  return (
    <div
      role="group"
      aria-label={`${label} node`}
      aria-describedby={explained ? tooltipId : undefined}
      className={`group relative w-[208px] rounded-lg bg-white text-left shadow-sm transition-shadow ${
        flagged ? 'ring-2 ring-red-500' : selected ? 'ring-2 ring-indigo-500' : 'ring-1 ring-slate-200 hover:ring-slate-300'
      } ${selected ? 'shadow-md' : ''}`}
    >
      <div className={`h-1 rounded-t-lg ${style.accent}`} />
      <div className="px-3 pb-1.5 pt-2">
        {/* The badges share the category's line, so the name has the node's whole width. */}
        <div className="flex items-center gap-1">
          <div className={`min-w-0 flex-1 text-[10px] font-semibold uppercase tracking-wider ${style.text}`}>{style.label}</div>
          {data.note ? (
            <span role="img" aria-label={`Note: ${data.note}`} title={data.note} className="text-amber-600">
              <NoteIcon width={13} height={13} />
            </span>
          ) : null}
          {flagged ? (
            <span className="flex items-center gap-0.5 text-red-600" aria-hidden="true">
              <AlertIcon width={13} height={13} />
              {problems.length > 1 ? <span className="text-[10px] font-semibold">{problems.length}</span> : null}
            </span>
          ) : null}
          {warnings.length > 0 ? (
            <span role="img" aria-label={`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`} className="flex items-center gap-0.5 text-amber-500">
              <AlertIcon width={13} height={13} />
              {warnings.length > 1 ? <span className="text-[10px] font-semibold">{warnings.length}</span> : null}
            </span>
          ) : null}
          <StatusBadge status={status} label={`${label} status: ${status === 'dead_letter' ? 'dead letter' : status}`} compact />
        </div>
        <div className="truncate text-sm font-semibold text-slate-900" title={label}>
          {label}
        </div>
        {subtitle ? (
          <div className="truncate text-[11px] text-slate-500" title={subtitle}>
            {subtitle}
          </div>
        ) : null}
      </div>

      {nodeRun?.cached && status === 'succeeded' ? <CachedBadge label={label} fromRunId={nodeRun.cached.fromRunId} /> : null}

      {staleNote ? (
        <div className="mx-3 mb-1.5 rounded bg-amber-50 px-2 py-0.5 text-[10px] font-medium text-amber-800 ring-1 ring-inset ring-amber-200" title={staleNote.help}>
          {staleNote.text}
        </div>
      ) : null}

      {headline ? (
        <div className={`mx-3 mb-2 rounded-md bg-indigo-50 px-2 py-1.5 text-sm font-semibold tabular-nums text-indigo-900 ${staleNote ? 'opacity-60' : ''}`}>
          {metricLabel(headline.name)} {formatMetric(headline.value)}
        </div>
      ) : null}

      {rows > 0 ? (
        <div className="border-t border-slate-100 py-1">
          {Array.from({ length: rows }, (_, i) => {
            const input = def?.inputs[i];
            const output = def?.outputs[i];
            return (
              <div key={i} className="relative flex h-6 items-center justify-between px-3 text-[11px] text-slate-500">
                <span>{input?.label ?? ''}</span>
                <span className="flex items-center">
                  {output?.label ?? ''}
                  {output && !readOnly ? <ConnectOutputButton nodeId={id} nodeLabel={label} port={output} /> : null}
                </span>
                {input ? (
                  <Handle
                    type="target"
                    position={Position.Left}
                    id={input.name}
                    className={`${handleClass} ${hintClass[hintOf('target', input.name) ?? 'none']}`}
                    data-wire={hintOf('target', input.name)}
                    title={`${label} input: ${input.label} (${input.kinds.join(', ')})`}
                  />
                ) : null}
                {output ? (
                  <Handle
                    type="source"
                    position={Position.Right}
                    id={output.name}
                    className={`${handleClass} ${hintClass[hintOf('source', output.name) ?? 'none']}`}
                    data-wire={hintOf('source', output.name)}
                    title={`${label} output: ${output.label} (${output.kinds.join(', ')})`}
                  />
                ) : null}
              </div>
            );
          })}
        </div>
      ) : null}

      {outputFact ? (
        <div className="border-t border-slate-100 px-3 py-1 text-[10px] tabular-nums text-slate-500">{outputFact}</div>
      ) : null}

      {status === 'running' ? (
        <div className="px-3 pb-2">
          <ProgressBar value={nodeRun?.progress ?? undefined} label={`${label} progress`} />
          {nodeRun?.message ? <div className="mt-1 truncate text-[10px] text-slate-500">{nodeRun.message}</div> : null}
        </div>
      ) : null}

      {explained ? (
        <div
          id={tooltipId}
          role="tooltip"
          className="pointer-events-none invisible absolute left-0 top-full z-10 mt-2 w-64 rounded-md bg-slate-900 px-3 py-2 text-xs text-white opacity-0 shadow-lg transition-opacity group-hover:visible group-hover:opacity-100 group-focus-within:visible group-focus-within:opacity-100"
        >
          <ul className="list-disc space-y-1 pl-4">
            {runError ? <li>Run failed: {runError}</li> : null}
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
            {warnings.map((w) => (
              <li key={w}>Warning: {w}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
});

/** The run shown reused this node's stored outputs; the link opens the run that computed them. */
function CachedBadge({ label, fromRunId }: { label: string; fromRunId: string | null }) {
  const className = 'nodrag mx-3 mb-1.5 inline-flex items-center rounded bg-sky-50 px-2 py-0.5 text-[10px] font-medium text-sky-800 ring-1 ring-inset ring-sky-200';
  const help = 'Nothing it depends on changed, so this run reused its stored outputs instead of computing them.';
  if (!fromRunId) {
    return (
      <div className={className} title={`${help} The run that computed them was deleted.`}>
        cached
      </div>
    );
  }
  return (
    <a href={`/runs/${fromRunId}`} className={`${className} hover:bg-sky-100`} title={help} aria-label={`${label}: cached, open the run that computed it`}>
      cached
    </a>
  );
}
