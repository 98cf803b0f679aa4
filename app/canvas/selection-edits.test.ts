import { describe, expect, it } from 'vitest';
import { decodeClipboard, encodeClipboard } from './clipboard';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';
import { copySelection, deleteSelection, PASTE_OFFSET, pasteGraph } from './selection-edits';
import { matchesKeys, shortcutOf } from './shortcuts';

const flowNode = (id: string, x: number, selected = false, note?: string): PipelineFlowNode => ({
  id,
  type: 'pipeline',
  position: { x, y: 0 },
  selected,
  data: { type: 'impute', version: 1, params: { strategy: 'median' }, ...(note ? { note } : {}) },
});
const wire = (source: string, target: string): PipelineFlowEdge => ({ id: `${source}->${target}`, source, sourceHandle: 'data', target, targetHandle: 'data' });

describe('copy and paste of nodes', () => {
  const nodes = [flowNode('impute-1', 0, true, 'why'), flowNode('impute-2', 300, true), flowNode('impute-3', 600)];
  const edges = [wire('impute-1', 'impute-2'), wire('impute-2', 'impute-3')];

  it('copies the selected nodes and only the wires among them', () => {
    const clip = copySelection(nodes, edges)!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['impute-1', 'impute-2']);
    expect(clip.edges.map((e) => e.id)).toEqual(['impute-1->impute-2']);
    expect(clip.nodes[0]!.note).toBe('why');
    expect(copySelection(nodes.map((n) => ({ ...n, selected: false })), edges)).toBeUndefined();
  });

  it('pastes with fresh ids, the same params and note, rewired, offset and selected alone', () => {
    const clip = copySelection(nodes, edges)!;
    const pasted = pasteGraph(nodes, edges, clip);
    const copies = pasted.nodes.slice(3);
    expect(copies.map((n) => n.id)).toEqual(['impute-4', 'impute-5']);
    expect(copies.map((n) => n.position)).toEqual([{ x: PASTE_OFFSET, y: PASTE_OFFSET }, { x: 300 + PASTE_OFFSET, y: PASTE_OFFSET }]);
    expect(copies[0]!.data).toEqual(nodes[0]!.data);
    expect(pasted.edges.at(-1)).toMatchObject({ source: 'impute-4', target: 'impute-5', sourceHandle: 'data', targetHandle: 'data' });
    expect(pasted.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['impute-4', 'impute-5']);
    // Pasting again does not land exactly on the first copies.
    const again = pasteGraph(pasted.nodes, pasted.edges, clip);
    expect(again.nodes.at(-2)!.position).toEqual({ x: 2 * PASTE_OFFSET, y: 2 * PASTE_OFFSET });
    // At a point: the copies' top-left corner goes there.
    expect(pasteGraph(nodes, edges, clip, { x: 1000, y: 500 }).nodes.at(-2)!.position).toEqual({ x: 1000, y: 500 });
  });

  it('deletes the selection with its wires, and changes nothing when nothing is selected', () => {
    const kept = deleteSelection(nodes, edges);
    expect(kept.nodes.map((n) => n.id)).toEqual(['impute-3']);
    expect(kept.edges).toEqual([]);
    const none = nodes.map((n) => ({ ...n, selected: false }));
    expect(deleteSelection(none, edges).nodes).toBe(none);
  });

  it('round-trips through clipboard text and refuses other text or damaged payloads', () => {
    const clip = copySelection(nodes, edges)!;
    expect(decodeClipboard(encodeClipboard(clip))).toEqual(clip);
    expect(decodeClipboard('just some text')).toBeUndefined();
    expect(decodeClipboard(encodeClipboard(clip).slice(0, -5))).toBeUndefined();
    const bad = { ...clip, nodes: [{ ...clip.nodes[0], params: 'not an object' }] };
    expect(decodeClipboard(encodeClipboard(bad as never))).toBeUndefined();
  });
});

describe('shortcut matching', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it('reads Mod as Ctrl elsewhere and ⌘ on a Mac, and tells undo from redo by Shift', () => {
    expect(shortcutOf(key('z', { ctrlKey: true }), false)?.id).toBe('undo');
    expect(shortcutOf(key('Z', { ctrlKey: true, shiftKey: true }), false)?.id).toBe('redo');
    expect(shortcutOf(key('y', { ctrlKey: true }), false)?.id).toBe('redo');
    expect(shortcutOf(key('z', { metaKey: true }), true)?.id).toBe('undo');
    expect(shortcutOf(key('z', { metaKey: true }), false)).toBeUndefined();
    expect(shortcutOf(key('z'), false)).toBeUndefined();
  });

  it('takes ? however Shift is held, and never matches built-in canvas gestures', () => {
    expect(shortcutOf(key('?', { shiftKey: true }), false)?.id).toBe('help');
    expect(matchesKeys(key('Delete'), 'Delete', false)).toBe(true);
    expect(shortcutOf(key('Shift'), false)).toBeUndefined();
  });
});
