import { formatDuration } from '../../engine/format-duration';
import { sortTopologically } from '../../engine/graph';
import type { PipelineGraph } from '../../engine/graph-types';

/**
 * The run page's Gantt chart, derived from the run's node_status events (the same events the canvas
 * replays, so a live run and a finished one draw the same way). Pure: times in epoch milliseconds.
 */
export type TimelineEvent = { type: string; nodeId?: string | null; status?: string | null; at?: string | null; payload?: unknown };

/** How one attempt ended; `running` while it still is. `retried`: it failed and the node went back to the queue. */
export type AttemptOutcome = 'running' | 'succeeded' | 'failed' | 'retried' | 'cancelled' | 'dead_letter' | 'interrupted';
export type AttemptBar = { attempt: number; start: number; end?: number; outcome: AttemptOutcome };

export type NodeTimeline = {
  nodeId: string;
  /** When the node could start: its last queueing, or the last of its inputs to finish, whichever is later. */
  readyAt?: number;
  attempts: AttemptBar[];
  /** Reused from an earlier run's output instead of computed (at this time). */
  cached?: { at: number; fromRunId: string };
  status: string;
};

export type Timeline = { start?: number; end?: number; nodes: NodeTimeline[] };

const ENDINGS: Record<string, AttemptOutcome> = { succeeded: 'succeeded', failed: 'failed', cancelled: 'cancelled', dead_letter: 'dead_letter', queued: 'retried', skipped: 'interrupted' };

type Working = NodeTimeline & { queuedAt?: number };

/** Every node, upstream before downstream (the order they can run); nodes on a loop, which never run, after the rest. */
export function flowOrder(graph: PipelineGraph): string[] {
  const { order } = sortTopologically(graph);
  const placed = new Set(order);
  return [...order, ...graph.nodes.map((n) => n.id).filter((id) => !placed.has(id))];
}

/** Node rows in `order` (the graph's), each with its attempts; `edges` place a node's wait after its inputs finished. */
export function buildTimeline(events: readonly TimelineEvent[], order: readonly string[], edges: readonly { source: string; target: string }[]): Timeline {
  const nodes = new Map<string, Working>(order.map((id) => [id, { nodeId: id, attempts: [], status: 'queued' }]));
  let start: number | undefined;
  let end: number | undefined;
  for (const e of events) {
    const at = e.at ? Date.parse(e.at) : NaN;
    if (Number.isNaN(at)) continue;
    start ??= at;
    if (e.type === 'run_status') {
      end = e.status === 'succeeded' || e.status === 'failed' || e.status === 'cancelled' ? at : undefined;
      continue;
    }
    if (e.type !== 'node_status' || !e.nodeId || !e.status) continue;
    const node = nodes.get(e.nodeId) ?? { nodeId: e.nodeId, attempts: [], status: 'queued' };
    nodes.set(e.nodeId, node);
    const open = node.attempts.at(-1);
    if (open && open.outcome === 'running' && e.status !== 'running') {
      open.end = at;
      open.outcome = ENDINGS[e.status] ?? 'interrupted';
    }
    const payload = (e.payload ?? {}) as { attempt?: unknown; cachedFromRunId?: unknown };
    if (e.status === 'running') {
      // A takeover (the lease lapsed) starts a new attempt while the old one still shows running.
      if (open?.outcome === 'running') {
        open.end = at;
        open.outcome = 'interrupted';
      }
      node.attempts.push({ attempt: typeof payload.attempt === 'number' ? payload.attempt : node.attempts.length + 1, start: at, outcome: 'running' });
    } else if (e.status === 'queued') {
      node.queuedAt = at;
    } else if (e.status === 'succeeded' && typeof payload.cachedFromRunId === 'string') {
      node.cached = { at, fromRunId: payload.cachedFromRunId };
    }
    node.status = e.status;
  }
  const finishOf = (id: string) => {
    const last = nodes.get(id)?.attempts.at(-1);
    return last?.outcome === 'succeeded' ? last.end : nodes.get(id)?.cached?.at;
  };
  const timeline = [...nodes.values()].map(({ queuedAt, ...node }): NodeTimeline => {
    const inputsDone = edges.filter((e) => e.target === node.nodeId).map((e) => finishOf(e.source) ?? -Infinity);
    const ready = Math.max(queuedAt ?? -Infinity, ...inputsDone);
    const firstStart = node.attempts.find((a) => a.start >= ready)?.start;
    return Number.isFinite(ready) && (firstStart === undefined ? node.status === 'queued' : true) ? { ...node, readyAt: ready } : node;
  });
  return { start, end, nodes: timeline };
}

/** Where the chart's time axis ends: the run's end, else `now` while it runs (bars grow), else the last thing seen. */
export function timelineEnd(t: Timeline, now: number): number | undefined {
  if (t.start === undefined) return undefined;
  if (t.end !== undefined) return t.end;
  const running = t.nodes.some((n) => n.attempts.some((a) => a.outcome === 'running') || n.status === 'queued');
  const seen = Math.max(t.start, ...t.nodes.flatMap((n) => [...n.attempts.map((a) => a.end ?? a.start), n.cached?.at ?? t.start!]));
  return running ? Math.max(now, seen) : seen;
}

/** Round steps for a time axis: 1-2-5 below ten seconds, then the steps a clock reads in. */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const CLOCK_STEPS = [10 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];

function* roundSteps(): Generator<number> {
  for (let power = 1; power < 10 * SECOND; power *= 10) for (const m of [1, 2, 5]) yield m * power;
  yield* CLOCK_STEPS;
}

/**
 * Tick values (ms from the run's start) for an axis `span` ms long with room for at most `maxTicks` labels:
 * multiples of the smallest round step that fits, from 0. When no round step gives a second tick, the
 * axis's two ends.
 */
export function axisTicks(span: number, maxTicks: number): number[] {
  for (const step of roundSteps()) {
    const count = Math.floor(span / step) + 1;
    if (count > maxTicks) continue;
    if (count < 2) break;
    return Array.from({ length: count }, (_, i) => i * step);
  }
  return [0, span];
}

/**
 * A tick's label: "0", then as durations read elsewhere ("200 ms", "1.5 s", "30 s", "1 min 30 s"). Round ticks lose
 * nothing to the format's rounding down; only the [0, span] fallback's end label is rounded down.
 */
export function formatTick(ms: number): string {
  return ms === 0 ? '0' : formatDuration(ms);
}
