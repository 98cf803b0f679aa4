import { describe, expect, test } from 'vitest';
import { axisTicks, buildTimeline, flowOrder, formatTick, timelineEnd, type TimelineEvent } from './timeline';

const t0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms).toISOString();
const status = (ms: number, nodeId: string, s: string, payload?: unknown): TimelineEvent => ({ type: 'node_status', nodeId, status: s, at: at(ms), payload });
const edges = [{ source: 'a', target: 'b' }];

describe('buildTimeline', () => {
  test('one bar per attempt, waits start when the inputs finished, the run end closes the axis', () => {
    const t = buildTimeline(
      [
        { type: 'run_status', status: 'queued', at: at(0) },
        status(0, 'a', 'queued'),
        status(0, 'b', 'queued'),
        status(10, 'a', 'running', { attempt: 1 }),
        status(110, 'a', 'succeeded'),
        status(130, 'b', 'running', { attempt: 1 }),
        status(400, 'b', 'succeeded'),
        { type: 'run_status', status: 'succeeded', at: at(400) },
      ],
      ['a', 'b'],
      edges,
    );
    expect(t.start).toBe(t0);
    expect(t.end).toBe(t0 + 400);
    const [a, b] = t.nodes;
    expect(a).toMatchObject({ nodeId: 'a', readyAt: t0, status: 'succeeded', attempts: [{ attempt: 1, start: t0 + 10, end: t0 + 110, outcome: 'succeeded' }] });
    expect(b).toMatchObject({ readyAt: t0 + 110, attempts: [{ start: t0 + 130, end: t0 + 400, outcome: 'succeeded' }] });
  });

  test('a retried node shows each attempt; the last one running grows to now', () => {
    const t = buildTimeline(
      [status(0, 'a', 'queued'), status(5, 'a', 'running', { attempt: 1 }), status(50, 'a', 'queued'), status(80, 'a', 'running', { attempt: 2 })],
      ['a'],
      [],
    );
    expect(t.nodes[0]!.attempts).toEqual([
      { attempt: 1, start: t0 + 5, end: t0 + 50, outcome: 'retried' },
      { attempt: 2, start: t0 + 80, outcome: 'running' },
    ]);
    expect(t.end).toBeUndefined();
    expect(timelineEnd(t, t0 + 1000)).toBe(t0 + 1000);
  });

  test('a cached node is marked with the run it came from and has no attempt', () => {
    const t = buildTimeline([status(0, 'a', 'succeeded', { outputs: {}, cachedFromRunId: 'r1' }), status(0, 'b', 'queued')], ['a', 'b'], edges);
    expect(t.nodes[0]).toMatchObject({ cached: { at: t0, fromRunId: 'r1' }, attempts: [] });
    expect(t.nodes[1]!.readyAt).toBe(t0);
  });

  test('dead letters and failures close the open attempt with their outcome', () => {
    const t = buildTimeline([status(0, 'a', 'running', { attempt: 3 }), status(20, 'a', 'dead_letter'), status(20, 'b', 'skipped')], ['a', 'b'], edges);
    expect(t.nodes[0]!.attempts).toEqual([{ attempt: 3, start: t0, end: t0 + 20, outcome: 'dead_letter' }]);
    expect(t.nodes[1]).toMatchObject({ status: 'skipped', attempts: [] });
  });
});

describe('axisTicks', () => {
  test('multiples of the smallest round step that leaves room for every label', () => {
    expect(axisTicks(557, 6)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(axisTicks(557, 4)).toEqual([0, 200, 400]);
    expect(axisTicks(557, 2)).toEqual([0, 500]);
    expect(axisTicks(83_000, 6)).toEqual([0, 15_000, 30_000, 45_000, 60_000, 75_000]);
    expect(axisTicks(7_200_000, 5)).toEqual([0, 1_800_000, 3_600_000, 5_400_000, 7_200_000]);
  });

  test('the two ends when no round step gives a second label', () => {
    expect(axisTicks(450, 2)).toEqual([0, 450]);
    expect(axisTicks(1, 5)).toEqual([0, 1]);
  });
});

describe('formatTick', () => {
  test('reads like a clock, without trailing zeros', () => {
    expect([0, 200, 1500, 2000, 30_000, 120_000, 90_000, 5_400_000, 7_200_000].map(formatTick)).toEqual([
      '0',
      '200 ms',
      '1.5 s',
      '2 s',
      '30 s',
      '2 min',
      '1 min 30 s',
      '1 h 30 min',
      '2 h',
    ]);
  });
});

test('the timeline lists steps as data flows through them, not in the order they were added', () => {
  const node = (id: string) => ({ id, type: 'impute', version: 1, params: {}, position: { x: 0, y: 0 } });
  const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, sourcePort: 'data', target, targetPort: 'data' });
  // Impute was added last but runs second; the two nodes on a loop never run and come after, as drawn.
  const graph = { nodes: ['dataset', 'split', 'train', 'loopA', 'loopB', 'impute'].map(node), edges: [edge('dataset', 'impute'), edge('impute', 'split'), edge('split', 'train'), edge('loopA', 'loopB'), edge('loopB', 'loopA')] };
  expect(flowOrder(graph)).toEqual(['dataset', 'impute', 'split', 'train', 'loopA', 'loopB']);
});
