import { useEffect, useMemo, useRef, type Dispatch, type MutableRefObject } from 'react';
import { clipboardFromPaste, readClipboard, writeClipboard } from './clipboard';
import type { EditorAction, EditorHistoryState } from './editor-store';
import type { HistoryAction } from './history';
import { copySelection } from './selection-edits';
import { isTypingTarget, shortcutOf } from './shortcuts';

/**
 * Whether Ctrl/⌘+C should copy selected page text (a preview cell, a message) rather than nodes: only when
 * text is selected and focus is not on the canvas (shift-clicking nodes can leave a stray text selection).
 */
function copiesText() {
  const text = window.getSelection()?.toString().trim();
  return Boolean(text) && !document.activeElement?.closest('.react-flow');
}

/**
 * Deletes the selection; when the focused node was in it, focus moves to the nearest node left once the
 * canvas has re-rendered, so a keyboard user stays on the canvas instead of falling to the page's body.
 */
function deleteKeepingFocus(dispatch: Dispatch<EditorAction | HistoryAction>) {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLElement>('.react-flow__node') : null;
  const from = focused?.getBoundingClientRect();
  dispatch({ type: 'selectionDeleted' });
  if (!focused || !from) return;
  requestAnimationFrame(() => {
    if (focused.isConnected || (document.activeElement && document.activeElement !== document.body)) return;
    const distance = (node: HTMLElement) => {
      const box = node.getBoundingClientRect();
      return Math.hypot(box.x + box.width / 2 - (from.x + from.width / 2), box.y + box.height / 2 - (from.y + from.height / 2));
    };
    const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')];
    nodes.sort((a, b) => distance(a) - distance(b))[0]?.focus();
  });
}

export type EditorCommands = ReturnType<typeof useEditorCommands>;

/**
 * The editing commands the keyboard, the toolbar and the context menus share, and the key handler that
 * runs them from the shortcut list. A command returns false when it did not apply, so the key keeps its
 * native meaning (copying selected text, say).
 */
export function useEditorCommands(
  stateRef: MutableRefObject<EditorHistoryState>,
  dispatch: Dispatch<EditorAction | HistoryAction>,
  extra: { save: () => void; toggleHelp: () => void },
) {
  const extraRef = useRef(extra);
  extraRef.current = extra;

  const commands = useMemo(() => {
    const copy = () => {
      const clip = copySelection(stateRef.current.nodes, stateRef.current.edges);
      if (!clip) return false;
      void writeClipboard(clip);
      return true;
    };
    return {
      undo: () => dispatch({ type: 'undo' }),
      redo: () => dispatch({ type: 'redo' }),
      copy,
      cut: () => {
        if (!copy()) return false;
        deleteKeepingFocus(dispatch);
        return true;
      },
      /** From a menu: reads the clipboard itself (a key press pastes through the paste event instead). */
      paste: async (at?: { x: number; y: number }) => {
        const clip = await readClipboard();
        if (clip) dispatch({ type: 'nodesPasted', clip, at });
        return Boolean(clip);
      },
      duplicate: () => {
        const clip = copySelection(stateRef.current.nodes, stateRef.current.edges);
        if (clip) dispatch({ type: 'nodesPasted', clip });
        return Boolean(clip);
      },
      delete: () => deleteKeepingFocus(dispatch),
      selectAll: () =>
        dispatch({ type: 'nodesChanged', changes: stateRef.current.nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: true })) }),
      clearSelection: () => dispatch({ type: 'nodeSelected', id: null }),
    };
  }, [stateRef, dispatch]);

  useEffect(() => {
    const handlers: Record<string, () => unknown> = {
      ...commands,
      // The paste event carries the clipboard without asking for a permission: let the key through to it.
      paste: () => false,
      copy: () => !copiesText() && commands.copy(),
      cut: () => !copiesText() && commands.cut(),
      save: () => extraRef.current.save(),
      help: () => extraRef.current.toggleHelp(),
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const shortcut = shortcutOf(event);
      if (!shortcut || (!shortcut.inFields && isTypingTarget(event.target))) return;
      const handler = handlers[shortcut.id];
      if (handler && handler() !== false) event.preventDefault();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTypingTarget(event.target)) return;
      const clip = clipboardFromPaste(event);
      if (!clip) return;
      event.preventDefault();
      dispatch({ type: 'nodesPasted', clip });
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('paste', onPaste);
    };
  }, [commands, dispatch]);

  return commands;
}
