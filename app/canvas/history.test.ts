import { describe, expect, it } from 'vitest';
import { editorReducer, initEditorState, type EditorAction, type EditorState } from './editor-store';
import type { PipelineFlowNode } from './editor-types';
import { canRedo, canUndo, COALESCE_MS, emptyHistory, withHistory, type HistoryAction, type WithHistory } from './history';

/** The real editor reducer under a clock the test moves. */
function setup() {
  let time = 0;
  const reduce = withHistory(editorReducer, { restore: (s, g) => ({ ...s, ...g, dirty: true }), now: () => time });
  let state: WithHistory<EditorState> = {
    ...initEditorState({
      graph: {
        nodes: [
          { id: 'a', type: 'impute', version: 1, params: { strategy: 'mean' }, position: { x: 0, y: 0 } },
          { id: 'b', type: 'impute', version: 1, params: { strategy: 'mean' }, position: { x: 300, y: 0 } },
        ],
        edges: [],
      },
      datasets: [],
    }),
    history: emptyHistory,
  };
  const dispatch = (...actions: (EditorAction | HistoryAction)[]) => {
    for (const a of actions) state = reduce(state, a);
    return state;
  };
  return { dispatch, state: () => state, tick: (ms: number) => (time += ms) };
}

const node = (s: EditorState, id: string) => s.nodes.find((n) => n.id === id);
const added: PipelineFlowNode = { id: 'c', type: 'pipeline', position: { x: 600, y: 0 }, data: { type: 'impute', version: 1, params: {} } };

describe('editor history', () => {
  it('undoes and redoes an added node', () => {
    const h = setup();
    h.dispatch({ type: 'nodeAdded', node: added });
    expect(h.state().nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    h.dispatch({ type: 'undo' });
    expect(h.state().nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(canUndo(h.state().history)).toBe(false);
    h.dispatch({ type: 'redo' });
    expect(h.state().nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(canRedo(h.state().history)).toBe(false);
  });

  it('coalesces typing in one field within the window, and not across fields or pauses', () => {
    const h = setup();
    for (const text of ['m', 'me', 'med']) {
      h.dispatch({ type: 'labelChanged', id: 'a', label: text });
      h.tick(200);
    }
    h.dispatch({ type: 'labelChanged', id: 'b', label: 'other' });
    h.tick(COALESCE_MS + 1);
    h.dispatch({ type: 'labelChanged', id: 'b', label: 'other node' });
    expect(h.state().history.past).toHaveLength(3);
    h.dispatch({ type: 'undo' });
    expect(node(h.state(), 'b')?.data.label).toBe('other');
    h.dispatch({ type: 'undo' }, { type: 'undo' });
    expect(node(h.state(), 'a')?.data.label).toBeUndefined();
  });

  it('gives each param field its own entry', () => {
    const h = setup();
    h.dispatch({ type: 'paramsChanged', id: 'a', params: { strategy: 'median' } });
    h.dispatch({ type: 'paramsChanged', id: 'a', params: { strategy: 'median', columns: ['x'] } });
    h.dispatch({ type: 'paramsChanged', id: 'a', params: { strategy: 'median', columns: ['x', 'y'] } });
    expect(h.state().history.past).toHaveLength(2);
    h.dispatch({ type: 'undo' });
    expect(node(h.state(), 'a')?.data.params).toEqual({ strategy: 'median' });
  });

  it('clears redo when a new edit is made', () => {
    const h = setup();
    h.dispatch({ type: 'nodeAdded', node: added }, { type: 'undo' });
    expect(canRedo(h.state().history)).toBe(true);
    h.dispatch({ type: 'labelChanged', id: 'a', label: 'x' });
    expect(canRedo(h.state().history)).toBe(false);
    h.dispatch({ type: 'redo' });
    expect(node(h.state(), 'c')).toBeUndefined();
  });

  it('ignores selection, measured sizes, run and save actions', () => {
    const h = setup();
    h.dispatch(
      { type: 'nodeSelected', id: 'a' },
      { type: 'nodesChanged', changes: [{ type: 'select', id: 'b', selected: true }] },
      { type: 'nodesChanged', changes: [{ type: 'dimensions', id: 'a', dimensions: { width: 208, height: 130 } }] },
      { type: 'saveStarted' },
      { type: 'runRequested' },
      { type: 'runEvent', event: { seq: 1, type: 'node_status', nodeId: 'a', status: 'running' } },
    );
    expect(h.state().history.past).toHaveLength(0);
  });

  it('makes one entry of a whole drag', () => {
    const h = setup();
    for (let x = 1; x <= 30; x++) h.dispatch({ type: 'nodesChanged', changes: [{ type: 'position', id: 'a', position: { x, y: x }, dragging: true }] });
    expect(h.state().history.past).toHaveLength(0);
    h.dispatch({ type: 'nodesChanged', changes: [{ type: 'position', id: 'a', position: { x: 30, y: 30 }, dragging: false }] });
    expect(h.state().history.past).toHaveLength(1);
    h.dispatch({ type: 'undo' });
    expect(node(h.state(), 'a')?.position).toEqual({ x: 0, y: 0 });
    expect(node(h.state(), 'a')?.dragging).toBeFalsy();
  });

  it('undoes connect, delete and paste as single entries', () => {
    const h = setup();
    h.dispatch({ type: 'connected', connection: { source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' } });
    expect(h.state().edges).toHaveLength(1);
    h.dispatch({ type: 'nodeSelected', id: 'a' }, { type: 'selectionDeleted' });
    expect(h.state().nodes.map((n) => n.id)).toEqual(['b']);
    expect(h.state().edges).toHaveLength(0);
    h.dispatch({ type: 'undo' });
    expect(h.state().nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(h.state().edges).toHaveLength(1);
    h.dispatch({ type: 'nodesPasted', clip: { nodes: [{ id: 'a', type: 'impute', version: 1, params: {}, position: { x: 0, y: 0 } }], edges: [] } });
    expect(h.state().nodes.map((n) => n.id)).toEqual(['a', 'b', 'impute-1']);
    h.dispatch({ type: 'undo' }, { type: 'undo' });
    expect(h.state().edges).toHaveLength(0);
  });

  it('does not record an action that changes nothing', () => {
    const h = setup();
    h.dispatch({ type: 'selectionDeleted' }, { type: 'edgesChanged', changes: [] });
    expect(h.state().history.past).toHaveLength(0);
  });
});
