import { describe, expect, it } from 'vitest';
import { editorReducer, initEditorState } from './editor-store';
import type { EditorAction, EditorState } from './editor-store';
import type { PipelineGraph } from '../../engine/graph-types';
import type { LoadedRun } from './editor-types';

const graph: PipelineGraph = {
  nodes: [
    { id: 'data', type: 'dataset', version: 1, position: { x: 0, y: 0 }, params: {} },
    { id: 'train', type: 'train', version: 1, position: { x: 200, y: 0 }, params: {} },
  ],
  edges: [],
};
const finishedRun: LoadedRun = { id: 'run-1', status: 'succeeded', createdAt: '2026-12-05T10:00:00Z', number: 1, pipelineVersion: 1, graph };

const play = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, state);

describe('a run that does not start', () => {
  it('keeps the last run on the canvas, with the reason it was refused, until an edit clears the reason', () => {
    const loaded = play(
      initEditorState({ graph, datasets: [], latestRun: finishedRun }),
      { type: 'runEvent', event: { seq: 1, type: 'node_status', nodeId: 'train', status: 'succeeded', payload: { outputs: { metrics: { accuracy: 0.9 } } } } },
      { type: 'runEvent', event: { seq: 2, type: 'run_status', status: 'succeeded' } },
    );
    const starting = play(loaded, { type: 'runRequested' });
    expect(starting.run.phase).toBe('starting');
    expect(starting.run.nodes).toEqual({});

    const refused = play(starting, { type: 'runFailedToStart', error: 'The pipeline cannot run yet: Train: Trees: Too small.', problems: [] });
    expect(refused.run).toEqual({ ...loaded.run, error: 'The pipeline cannot run yet: Train: Trees: Too small.' });
    expect(refused.runBeforeStart).toBeUndefined();

    const fixed = play(refused, { type: 'paramsChanged', id: 'train', params: { trees: 100 } });
    expect(fixed.run).toEqual(loaded.run);
  });

  it('forgets the last run once the new one has started', () => {
    const started = play(initEditorState({ graph, datasets: [], latestRun: finishedRun }), { type: 'runRequested' }, { type: 'runStarted', id: 'run-2', status: 'queued' });
    expect(started.run).toMatchObject({ id: 'run-2', phase: 'queued' });
    expect(started.runBeforeStart).toBeUndefined();
  });

  it('shows only the reason when there was no run before', () => {
    const refused = play(initEditorState({ graph, datasets: [] }), { type: 'runRequested' }, { type: 'runFailedToStart', error: 'Could not save the pipeline, so it was not run.', problems: [] });
    expect(refused.run).toMatchObject({ phase: 'idle', error: 'Could not save the pipeline, so it was not run.', nodes: {} });
  });
});
