import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../../engine/format-duration';
import { axisTicks, formatTick, type AttemptBar, type AttemptOutcome, type NodeTimeline, type Timeline } from './timeline';

const BAR_FILL: Record<AttemptOutcome, string> = {
  running: '#0ea5e9',
  succeeded: '#10b981',
  failed: '#ef4444',
  dead_letter: '#b91c1c',
  retried: '#f59e0b',
  cancelled: '#94a3b8',
  interrupted: '#cbd5e1',
};
const OUTCOME_TEXT: Record<AttemptOutcome, string> = {
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  dead_letter: 'failed on its last retry',
  retried: 'failed, retried',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};
const WIDTH = 1000;
/** Label, bars and running time; in a narrow panel the label gives way first, so the bars keep at least 6rem. */
const COLUMNS = 'grid-cols-[minmax(4rem,10rem)_minmax(6rem,1fr)_4.5rem]';

/**
 * The run as a Gantt chart: one row per node, a grey wait from when it could start, a bar per attempt
 * (coloured by how it ended; a running one grows with `now`), and a marker for outputs reused from an
 * earlier run. Each row is a button selecting the node.
 */
export function RunTimeline({
  timeline,
  end,
  labelOf,
  selectedId,
  onSelect,
}: {
  timeline: Timeline;
  end: number | undefined;
  labelOf: (id: string) => string;
  selectedId?: string;
  onSelect: (id: string) => void;
}) {
  const start = timeline.start;
  if (start === undefined || end === undefined) {
    return <p className="p-4 text-sm text-slate-500">The timeline starts when the run does.</p>;
  }
  const span = Math.max(end - start, 1);
  const x = (t: number) => ((Math.min(Math.max(t, start), end) - start) / span) * WIDTH;
  return (
    <div role="group" aria-label="Run timeline" className="space-y-1 p-3">
      <Axis span={span} />
      {timeline.nodes.map((node) => (
        <TimelineRow key={node.nodeId} node={node} label={labelOf(node.nodeId)} x={x} end={end} selected={node.nodeId === selectedId} onSelect={() => onSelect(node.nodeId)} />
      ))}
      <Legend />
    </div>
  );
}

function TimelineRow({ node, label, x, end, selected, onSelect }: { node: NodeTimeline; label: string; x: (t: number) => number; end: number; selected: boolean; onSelect: () => void }) {
  const bars = node.attempts;
  const last = bars.at(-1);
  const busy = bars.reduce((ms, a) => ms + ((a.end ?? end) - a.start), 0);
  const wait = node.readyAt !== undefined ? (bars[0]?.start ?? (node.status === 'queued' ? end : node.readyAt)) - node.readyAt : 0;
  const summary = describe(node, bars, busy, wait);
  return (
    <button
      type="button"
      aria-label={`${label}: ${summary}`}
      aria-pressed={selected}
      onClick={onSelect}
      className={`grid w-full ${COLUMNS} items-center gap-2 rounded px-1 py-0.5 text-left text-xs focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600 ${
        selected ? 'bg-indigo-50 ring-1 ring-inset ring-indigo-200' : 'hover:bg-slate-50'
      }`}
    >
      <span className="truncate font-medium text-slate-800" title={label}>
        {label}
        {node.cached ? <span className="ml-1 rounded bg-indigo-50 px-1 text-[10px] font-semibold uppercase text-indigo-700 ring-1 ring-inset ring-indigo-200">cached</span> : null}
      </span>
      <svg viewBox={`0 0 ${WIDTH} 20`} preserveAspectRatio="none" className="h-5 w-full overflow-visible" aria-hidden="true">
        <rect x={0} y={9} width={WIDTH} height={2} fill="#f1f5f9" />
        {node.readyAt !== undefined && wait > 0 ? <rect x={x(node.readyAt)} y={6} width={Math.max(x(node.readyAt + wait) - x(node.readyAt), 1)} height={8} fill="#e2e8f0" data-bar="wait" /> : null}
        {bars.map((a) => (
          <rect
            key={`${a.attempt}-${a.start}`}
            x={x(a.start)}
            y={3}
            width={Math.max(x(a.end ?? end) - x(a.start), 2)}
            height={14}
            rx={2}
            fill={BAR_FILL[a.outcome]}
            className={a.outcome === 'running' ? 'animate-pulse' : undefined}
            data-bar="attempt"
            data-outcome={a.outcome}
          />
        ))}
        {node.cached ? <rect x={x(node.cached.at)} y={3} width={4} height={14} fill="#6366f1" data-bar="cached" /> : null}
      </svg>
      <span className="text-right tabular-nums text-slate-600">{last || node.cached ? (node.cached && !last ? 'cached' : formatDuration(busy)) : node.status === 'queued' ? 'waiting' : '—'}</span>
    </button>
  );
}

function describe(node: NodeTimeline, bars: AttemptBar[], busy: number, wait: number): string {
  if (node.cached && bars.length === 0) return 'reused from an earlier run (cached)';
  if (bars.length === 0) return node.status === 'queued' ? 'waiting to start' : `${node.status === 'skipped' ? 'skipped' : node.status}, did not run`;
  const attempts = bars.map((a) => `attempt ${a.attempt} ${OUTCOME_TEXT[a.outcome]}${a.end !== undefined ? ` after ${formatDuration(a.end - a.start)}` : ''}`);
  return `${attempts.join('; ')}. ${formatDuration(busy)} running${wait > 0 ? `, ${formatDuration(wait)} waiting` : ''}`;
}

/**
 * Ticks of elapsed time over the bars' column, at round times (0, 200 ms, 400 ms…; 15 s, 30 s…): as many as
 * its measured width leaves room for, one label ("1 min 30 s" at most) per 72 px, so they never run into each
 * other in a narrow window.
 */
function Axis({ span }: { span: number }) {
  const column = useRef<HTMLSpanElement>(null);
  const [width, setWidth] = useState<number>();
  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => setWidth(entry!.contentRect.width));
    observer.observe(column.current!);
    return () => observer.disconnect();
  }, []);
  const ticks = axisTicks(span, width === undefined ? 5 : Math.min(6, Math.max(2, Math.floor(width / 72) + 1)));
  return (
    <div className={`grid ${COLUMNS} gap-2 px-1 text-[10px] text-slate-400`} aria-hidden="true">
      <span>Step</span>
      <span ref={column} className="relative h-3">
        {ticks.map((t) => (
          <span key={t} data-tick className={`absolute whitespace-nowrap tabular-nums ${tickAlign(t / span)}`} style={{ left: `${(t / span) * 100}%` }}>
            {formatTick(t)}
          </span>
        ))}
      </span>
      <span className="whitespace-nowrap text-right">Running time</span>
    </div>
  );
}

/** A label starts at 0, ends at a tick near the column's end (it would run past it), and is centred elsewhere. */
const tickAlign = (at: number) => (at === 0 ? 'translate-x-0' : at > 0.9 ? '-translate-x-full' : '-translate-x-1/2');

function Legend() {
  const items: [string, string][] = [
    ['Waiting', '#e2e8f0'],
    ['Running', BAR_FILL.running],
    ['Succeeded', BAR_FILL.succeeded],
    ['Failed', BAR_FILL.failed],
    ['Retried', BAR_FILL.retried],
    ['Cached', '#6366f1'],
  ];
  return (
    <ul className="flex flex-wrap gap-3 px-1 pt-1 text-[10px] text-slate-500" aria-label="Timeline legend">
      {items.map(([label, color]) => (
        <li key={label} className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-2 w-3 rounded-sm" style={{ background: color }} />
          {label}
        </li>
      ))}
    </ul>
  );
}
