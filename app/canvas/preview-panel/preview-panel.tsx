import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { SampleSpec } from '../../../engine/content-key';
import { getNodeType } from '../../../engine/registry';
import { ChevronIcon } from '../../components/ui/icons';
import { shortcuts } from '../shortcuts';
import type { PipelineFlowNode } from '../editor-types';
import { AfterRunNote, PreviewTables } from './preview-body';
import { describeRows } from './preview-tabs';
import { SamplePicker } from './sample-picker';
import { useDelayedFlag, type PreviewState, type PreviewVariables } from './use-preview';
import type { PreviewInput } from '../../../graphql/preview-payload';

/** A spinner only for answers slower than this; most previews come back well before. */
const SPINNER_DELAY_MS = 300;
const MIN_HEIGHT = 140;
const TOGGLE_KEY = shortcuts.find((s) => s.id === 'togglePreview')!.keys[0]!;

type PreviewPanelProps = {
  node: PipelineFlowNode | undefined;
  preview: PreviewState;
  sample: SampleSpec;
  onSampleChange: (sample: SampleSpec) => void;
  /** The last run's output summaries of the node, for model and metrics ports. */
  lastOutputs?: Record<string, unknown>;
};

/** The editor's bottom panel: the selected node's output on sample rows, collapsible with ` and resizable. */
export function PreviewPanel({ node, preview, sample, onSampleChange, lastOutputs }: PreviewPanelProps) {
  const [open, setOpen] = useState(true);
  const [height, setHeight] = useState(300);
  const def = node ? getNodeType(node.data.type) : undefined;
  const name = node ? node.data.label || def?.title || node.id : '';
  const current = node && preview.nodeId === node.id ? preview : undefined;
  const spinner = useDelayedFlag(Boolean(current?.loading), SPINNER_DELAY_MS);
  const payload = current?.payload;
  const summary = payload?.status === 'ok' ? describeRows(name, payload.rowsIn, payload.rowsOut) : undefined;

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== TOGGLE_KEY || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      setOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section aria-label="Preview" className="flex shrink-0 flex-col border-t border-slate-200 bg-white" style={open ? { height } : undefined}>
      {open ? <ResizeHandle height={height} onResize={setHeight} /> : null}
      <header className="flex items-center gap-3 border-b border-slate-100 px-3 py-1.5">
        <h2 className="text-xs font-semibold uppercase tracking-wider text-slate-500">Preview</h2>
        {node ? <span className="truncate text-sm font-medium text-slate-800">{name}</span> : null}
        {summary ? (
          <p role="status" className="truncate text-xs text-slate-600">
            {summary}
          </p>
        ) : null}
        {spinner ? (
          <span role="status" className="flex items-center gap-1 text-xs text-slate-500">
            <span aria-hidden="true" className="h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-sky-500" />
            Computing preview…
          </span>
        ) : null}
        <span className="ml-auto flex items-center gap-2">
          <SamplePicker value={sample} onChange={onSampleChange} />
          <button
            type="button"
            aria-expanded={open}
            aria-label={open ? 'Hide preview' : 'Show preview'}
            title={`${open ? 'Hide' : 'Show'} preview (${TOGGLE_KEY})`}
            onClick={() => setOpen((o) => !o)}
            className="rounded p-1 text-slate-500 hover:bg-slate-100"
          >
            <ChevronIcon width={14} height={14} className={open ? 'rotate-90' : '-rotate-90'} />
          </button>
        </span>
      </header>
      {open ? (
        <div className={`flex min-h-0 flex-1 flex-col ${current?.loading && payload ? 'opacity-70' : ''}`}>
          <PanelBody node={node} name={name} state={current} lastOutputs={lastOutputs} />
        </div>
      ) : null}
    </section>
  );
}

function PanelBody({ node, name, state, lastOutputs }: { node?: PipelineFlowNode; name: string; state?: PreviewState; lastOutputs?: Record<string, unknown> }) {
  if (!node) {
    return <p className="m-auto p-6 text-center text-sm text-slate-500">Select a node to see its output on sample rows. Changes show here as you edit, without saving or running.</p>;
  }
  const payload = state?.payload;
  if (state?.error && !payload) return <p role="alert" className="p-4 text-sm text-red-700">The preview could not be loaded: {state.error}</p>;
  if (!payload) return null;
  const inputRows = payload.status !== 'ok' && payload.inputs?.length ? <InputRows inputs={payload.inputs} name={name} variables={state.variables} /> : null;
  if (payload.status === 'after-run') {
    return (
      <>
        <AfterRunNote message={payload.message} lastOutputs={lastOutputs} />
        {inputRows}
      </>
    );
  }
  const outputs = getNodeType(node.data.type)?.outputs ?? [];
  if (payload.status === 'error') {
    const tone = payload.reason === 'timeout' || payload.reason === 'aborted' ? 'text-amber-800 bg-amber-50' : 'text-red-800 bg-red-50';
    const alert = (
      <p role="alert" className={`m-3 rounded-md px-3 py-2 text-sm ${tone}`}>
        {payload.message}
      </p>
    );
    if (!state.lastGood) {
      return (
        <>
          {alert}
          {inputRows}
        </>
      );
    }
    // Mid-edit (an expression half typed) the grid stays, dimmed, instead of flashing away on each key.
    return (
      <>
        {alert}
        <p className="mx-3 mb-1 text-xs font-medium text-slate-500">Showing the rows from before this change, until it previews again.</p>
        <div className="flex min-h-0 flex-1 flex-col opacity-50">
          <PreviewTables payload={state.lastGood.payload} variables={state.lastGood.variables} nodeName={`${name}, before this change`} outputs={outputs} />
        </div>
      </>
    );
  }
  return (
    <>
      {payload.notes.length ? <PreviewNotes notes={payload.notes} /> : null}
      <PreviewTables payload={payload} variables={state.variables} nodeName={name} outputs={outputs} />
    </>
  );
}

/**
 * The rows coming into a node whose own output shows no rows yet (not set up, failing on the sample, or
 * trained only in a run), so its settings are chosen with the data in view: one input's, or a tab per
 * input (Join's left and right). Further rows are read from the input node's preview.
 */
function InputRows({ inputs, name, variables }: { inputs: PreviewInput[]; name: string; variables?: PreviewVariables }) {
  const [chosen, setChosen] = useState(0);
  const baseId = useId();
  const at = Math.min(chosen, inputs.length - 1);
  const input = inputs[at]!;
  const inputVariables = useMemo(() => variables && { ...variables, nodeId: input.nodeId }, [variables, input.nodeId]);
  const type = variables?.graph.nodes.find((n) => n.id === input.nodeId)?.type;
  const outputs = (type && getNodeType(type)?.outputs) || [];
  const several = inputs.length > 1;
  return (
    <>
      <div className="mx-3 mb-1 flex shrink-0 flex-wrap items-center gap-2 text-xs font-medium text-slate-500">
        <p>{several ? `Rows coming into ${name}:` : `Rows coming into ${name}, from ${input.name}:`}</p>
        {several ? (
          <div role="tablist" aria-label={`Inputs of ${name}`} className="flex gap-1">
            {inputs.map((item, i) => (
              <button
                key={item.input}
                type="button"
                role="tab"
                id={`${baseId}-${i}`}
                aria-selected={i === at}
                aria-controls={`${baseId}-panel`}
                onClick={() => setChosen(i)}
                className={`rounded px-2 py-0.5 ${i === at ? 'bg-slate-800 text-white' : 'text-slate-600 hover:bg-slate-100'}`}
              >
                {item.input}, from {item.name}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <div role={several ? 'tabpanel' : undefined} id={`${baseId}-panel`} aria-labelledby={several ? `${baseId}-${at}` : undefined} className="flex min-h-0 flex-1 flex-col">
        <PreviewTables key={input.input} payload={input.payload} variables={inputVariables} nodeName={several ? `${name}, ${input.input.toLowerCase()} input` : name} outputs={outputs} labelPrefix="Rows coming into" />
      </div>
    </>
  );
}

/** What the step said while computing the sample (rows dropped, join matches, a rule that would stop a run). */
function PreviewNotes({ notes }: { notes: string[] }) {
  return (
    <ul aria-label="Notes on the sample rows" className="max-h-24 shrink-0 space-y-0.5 overflow-y-auto border-b border-amber-100 bg-amber-50 px-3 py-1.5 text-xs text-amber-900">
      {notes.map((note, i) => (
        <li key={i}>{note}</li>
      ))}
    </ul>
  );
}

function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Drag (or arrow keys) to change the panel's height. */
function ResizeHandle({ height, onResize }: { height: number; onResize: (height: number) => void }) {
  const drag = useRef<{ y: number; height: number } | null>(null);
  const clamp = (h: number) => Math.round(Math.min(Math.max(h, MIN_HEIGHT), window.innerHeight * 0.8));
  const onPointerMove = (e: PointerEvent) => {
    if (drag.current) onResize(clamp(drag.current.height + drag.current.y - e.clientY));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      onResize(clamp(height + (e.key === 'ArrowUp' ? 24 : -24)));
    }
  };
  return (
    <div
      role="separator"
      aria-label="Resize preview"
      aria-orientation="horizontal"
      aria-valuenow={height}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { y: e.clientY, height };
      }}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      className="h-1.5 shrink-0 cursor-row-resize bg-slate-100 hover:bg-sky-200 focus-visible:bg-sky-300 focus-visible:outline-none"
    />
  );
}
