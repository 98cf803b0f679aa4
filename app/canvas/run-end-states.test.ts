import { describe, expect, it } from 'vitest';
import { applyRunEvent, idleRun } from './editor-store';
import type { RunEvent, RunState } from './editor-types';

const play = (events: Omit<RunEvent, 'seq'>[]) => events.reduce<RunState>((run, e, i) => applyRunEvent(run, { seq: i + 1, ...e }), { ...idleRun, phase: 'queued' });

describe('a run that ends cancelled or with a dead letter', () => {
  it('shows cancelled nodes and the cancelled run, with who cancelled it', () => {
    const run = play([
      { type: 'node_status', nodeId: 'train', status: 'running' },
      { type: 'node_status', nodeId: 'evaluate', status: 'queued' },
      { type: 'node_status', nodeId: 'train', status: 'cancelled', message: 'Cancelled by Ada' },
      { type: 'node_status', nodeId: 'evaluate', status: 'cancelled', message: 'Cancelled by Ada' },
      { type: 'run_status', status: 'cancelled', message: 'Cancelled by Ada' },
    ]);
    expect(run.phase).toBe('cancelled');
    expect(run.message).toBe('Cancelled by Ada');
    expect(run.nodes.train!.status).toBe('cancelled');
    expect(run.nodes.evaluate!.status).toBe('cancelled');
  });

  it('shows a dead letter (not a plain failure) with its last error, after the retries it went through', () => {
    const run = play([
      { type: 'node_status', nodeId: 'data', status: 'running' },
      { type: 'node_status', nodeId: 'data', status: 'queued', message: 'ENOENT', payload: { retryAt: '2026-12-02T08:00:00Z' } },
      { type: 'node_status', nodeId: 'data', status: 'running' },
      { type: 'node_status', nodeId: 'data', status: 'dead_letter', message: 'ENOENT again' },
      { type: 'run_status', status: 'failed', message: 'Dataset failed 2 times and its retry was exhausted; the last error: ENOENT again' },
    ]);
    expect(run.nodes.data).toMatchObject({ status: 'dead_letter', message: 'ENOENT again' });
    expect(run.phase).toBe('failed');
  });
});
