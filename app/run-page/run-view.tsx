import { useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { applyRunEvent, idleRun } from '~/canvas/editor-store';
import { finalRunPhases, type NodeRunState, type RunEvent, type RunPhase, type RunState } from '~/canvas/editor-types';
import { useRunEvents } from '~/canvas/use-run-events';
import type { RunPageData } from '~/run-page.server';
import { NodeDetails } from './node-details';
import { RunCanvas } from './run-canvas';
import { RunHeader } from './run-header';
import { CancelRunButton } from '../components/cancel-run-button';
import { RunTimeline } from './run-timeline';
import { stepLabels } from './step-labels';
import { buildTimeline, flowOrder, timelineEnd, type TimelineEvent } from './timeline';

type Run = RunPageData['run'];
type State = { run: RunState; events: TimelineEvent[] };
type Action = { type: 'event'; event: RunEvent } | { type: 'connection'; connection: RunState['connection'] };

const PHASES: RunPhase[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const asPhase = (status: string): RunPhase => (PHASES.includes(status as RunPhase) ? (status as RunPhase) : 'queued');

function init(run: Run): State {
  return { run: { ...idleRun, id: run.id, phase: asPhase(run.status), nodeIds: run.graph.nodes.map((n) => n.id), pinned: run.graph }, events: [] };
}

function reduce(state: State, action: Action): State {
  if (action.type === 'connection') return { ...state, run: { ...state.run, connection: action.connection } };
  const e = action.event;
  // The timeline needs only status changes: progress ticks and logs (most events) stay out of it.
  const events = e.type === 'node_status' || e.type === 'run_status' ? [...state.events, e] : state.events;
  return { run: applyRunEvent(state.run, e), events };
}

/** The run page below the app header: what ran, live while it runs (the same events as the editor's canvas). */
export function RunView({ data }: { data: RunPageData }) {
  const { run, viewer } = data;
  const [state, dispatch] = useReducer(reduce, run, init);
  const [selectedId, setSelectedId] = useState<string>();
  const wasActive = !finalRunPhases.has(run.status);
  const { revalidate } = useRevalidator();

  useRunEvents(
    run.id,
    useCallback((event: RunEvent) => dispatch({ type: 'event', event }), []),
    useCallback((connection: RunState['connection']) => dispatch({ type: 'connection', connection }), []),
  );

  const graph = run.graph;
  const labels = useMemo(() => stepLabels(graph), [graph]);
  const labelOf = useCallback((id: string) => labels.get(id) ?? id, [labels]);
  // Steps in the order data flows through them (the order they can run), not the order they were added.
  const timeline = useMemo(() => buildTimeline(state.events, flowOrder(graph), graph.edges), [state.events, graph]);
  // The stored statuses until events arrive, then the events' (they include dead_letter and cancelled,
  // which the canvas's run state does not know).
  const statusOf = useCallback(
    (id: string) => (state.events.length ? timeline.nodes.find((n) => n.nodeId === id)?.status : undefined) ?? run.nodes.find((n) => n.nodeId === id)?.status ?? 'queued',
    [state.events.length, timeline, run.nodes],
  );
  const phase = state.run.phase;
  const active = phase === 'queued' || phase === 'running';

  // Bars grow while the run goes; the clock stops with it.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  // A run that ends while watched: read its stored state again (errors of every attempt, final timings).
  useEffect(() => {
    if (wasActive && finalRunPhases.has(phase)) revalidate();
  }, [wasActive, phase, revalidate]);

  const canvasRun = useMemo((): RunState => {
    const nodes: Record<string, NodeRunState> = {};
    for (const n of graph.nodes) {
      const status = statusOf(n.id);
      const known = state.run.nodes[n.id] ?? { status: 'queued', logs: [] };
      // The canvas badge draws the statuses the editor knows; a dead letter shows as failed there.
      nodes[n.id] = { ...known, status: (status === 'dead_letter' ? 'failed' : status === 'cancelled' ? 'skipped' : status) as NodeRunState['status'] };
    }
    return { ...state.run, nodes };
  }, [graph, statusOf, state.run]);

  const end = timelineEnd(timeline, now);
  const durationMs = run.finishedAt && run.startedAt && !active ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : timeline.start !== undefined && end !== undefined ? end - timeline.start : undefined;
  const done = graph.nodes.filter((n) => statusOf(n.id) === 'succeeded').length;
  const failedId = graph.nodes.find((n) => ['failed', 'dead_letter'].includes(statusOf(n.id)))?.id;
  const selected = selectedId ? graph.nodes.find((n) => n.id === selectedId) : undefined;
  const select = (id: string | undefined) => setSelectedId((current) => (id === current ? current : id));

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <RunHeader
        run={run}
        phase={phase}
        durationMs={durationMs}
        done={done}
        total={graph.nodes.length}
        failedNode={failedId ? { id: failedId, label: labelOf(failedId) } : undefined}
        canEdit={viewer.canEdit}
        labelOf={labelOf}
        cancelSlot={viewer.canEdit ? <CancelRunButton runId={run.id} size="sm" /> : null}
      />
      {state.run.connection === 'lost' || state.run.connection === 'reconnecting' ? (
        <p role="status" className="border-b border-amber-200 bg-amber-50 px-4 py-1 text-xs text-amber-800">
          {state.run.connection === 'lost' ? 'Live updates stopped: reload the page to see where the run is.' : 'Reconnecting to live updates…'}
        </p>
      ) : null}
      <div className="flex min-h-0 flex-1">
        <div className="flex min-w-0 flex-1 flex-col">
          <section aria-label="Pipeline as run" className="relative min-h-[16rem] flex-1 border-b border-slate-200">
            <RunCanvas graph={graph} run={canvasRun} selectedId={selectedId} onSelect={select} />
          </section>
          <section aria-label="Timeline" className="max-h-[40%] shrink-0 overflow-y-auto bg-white">
            <h2 className="px-4 pt-2 text-[11px] font-semibold uppercase tracking-wider text-slate-500">Timeline</h2>
            <RunTimeline timeline={timeline} end={end} labelOf={labelOf} selectedId={selectedId} onSelect={select} />
          </section>
        </div>
        <aside aria-label="Step details" className="flex w-80 shrink-0 lg:w-[28rem] flex-col overflow-y-auto border-l border-slate-200 bg-white">
          {selected ? (
            <NodeDetails
              key={selected.id}
              runId={run.id}
              nodeId={selected.id}
              label={labelOf(selected.id)}
              type={selected.type}
              status={statusOf(selected.id)}
              nodeRun={state.run.nodes[selected.id]}
              stored={run.nodes.find((n) => n.nodeId === selected.id)}
              canEdit={viewer.canEdit}
            />
          ) : (
            <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center">
              <p className="text-sm font-medium text-slate-700">Select a step on the canvas or the timeline</p>
              <p className="text-xs text-slate-500">Its log, metrics, errors and stored output appear here.</p>
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}
