/**
 * Every keyboard shortcut of the editor, in one list: the help overlay shows it and the key handler matches
 * against it, so a shortcut added here is both listed and live (give it a handler in useShortcuts' map).
 *
 * Keys are written `Mod+Shift+Z`: `Mod` is ⌘ on a Mac and Ctrl elsewhere; `Ctrl` is Ctrl everywhere.
 * `Shift` is ignored for keys that are themselves typed with Shift (`?`).
 */
export type Shortcut = {
  id: string;
  keys: string[];
  description: string;
  group: 'Editing' | 'Selection' | 'Pipeline' | 'Help' | 'Canvas';
  /** Also fires while typing in a field (Save does; undo there is the field's own). */
  inFields?: boolean;
  /** Handled elsewhere (React Flow itself, or the layout commands' own hook): listed in the overlay but never matched here. */
  builtIn?: boolean;
};

export const shortcuts: Shortcut[] = [
  { id: 'undo', keys: ['Mod+Z'], description: 'Undo', group: 'Editing' },
  { id: 'redo', keys: ['Mod+Shift+Z', 'Ctrl+Y'], description: 'Redo', group: 'Editing' },
  { id: 'copy', keys: ['Mod+C'], description: 'Copy the selected nodes', group: 'Editing' },
  { id: 'cut', keys: ['Mod+X'], description: 'Cut the selected nodes', group: 'Editing' },
  { id: 'paste', keys: ['Mod+V'], description: 'Paste nodes (also from another pipeline or tab)', group: 'Editing' },
  { id: 'duplicate', keys: ['Mod+D'], description: 'Duplicate the selected nodes', group: 'Editing' },
  { id: 'delete', keys: ['Delete', 'Backspace'], description: 'Delete the selected nodes and connections', group: 'Editing' },
  { id: 'selectAll', keys: ['Mod+A'], description: 'Select every node', group: 'Selection' },
  { id: 'multiSelect', keys: ['Shift+Click'], description: 'Add a node to the selection, or take it out', group: 'Selection', builtIn: true },
  { id: 'boxSelect', keys: ['Shift+Drag'], description: 'Select the nodes inside a box', group: 'Selection', builtIn: true },
  { id: 'clearSelection', keys: ['Escape'], description: 'Close a menu or clear the selection', group: 'Selection' },
  { id: 'tidyUp', keys: ['Shift+L'], description: 'Tidy up: lay the pipeline out left to right', group: 'Canvas', builtIn: true },
  { id: 'zoomToFit', keys: ['Shift+1'], description: 'Zoom to fit the whole pipeline', group: 'Canvas', builtIn: true },
  { id: 'togglePreview', keys: ['`'], description: 'Show or hide the preview of the selected node', group: 'Canvas', builtIn: true },
  { id: 'save', keys: ['Mod+S'], description: 'Save the pipeline', group: 'Pipeline', inFields: true },
  { id: 'help', keys: ['?'], description: 'Show these shortcuts', group: 'Help' },
];

export const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** How a key combination reads on this platform: `Ctrl+Shift+Z`, or `⌘⇧Z` on a Mac. */
export function formatKeys(keys: string, mac = isMac()) {
  if (!mac) return keys.replace(/\bMod\b/g, 'Ctrl');
  const symbols: Record<string, string> = { Mod: '⌘', Ctrl: '⌃', Shift: '⇧', Alt: '⌥' };
  return keys
    .split('+')
    .map((part) => symbols[part] ?? part)
    .join('');
}

/** The `aria-keyshortcuts` value of a shortcut (both Ctrl and ⌘ spellings of `Mod`). */
export function ariaKeys(id: string) {
  const keys = shortcuts.find((s) => s.id === id)?.keys ?? [];
  return keys.flatMap((k) => (k.includes('Mod') ? [k.replace('Mod', 'Control'), k.replace('Mod', 'Meta')] : [k.replace('Ctrl', 'Control')])).join(' ');
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

export function matchesKeys(event: KeyLike, keys: string, mac = isMac()) {
  const parts = keys.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts);
  const wantCtrl = mods.has('Ctrl') || (mods.has('Mod') && !mac);
  const wantMeta = mods.has('Mod') && mac;
  const typedWithShift = key.length === 1 && !/[a-z0-9]/i.test(key);
  if (event.ctrlKey !== wantCtrl || event.metaKey !== wantMeta || event.altKey !== mods.has('Alt')) return false;
  if (!typedWithShift && event.shiftKey !== mods.has('Shift')) return false;
  return event.key.toLowerCase() === key.toLowerCase();
}

/** The shortcut a key press means, or undefined. */
export function shortcutOf(event: KeyLike, mac = isMac()): Shortcut | undefined {
  return shortcuts.find((s) => !s.builtIn && s.keys.some((k) => matchesKeys(event, k, mac)));
}

/** Whether the key press goes to a text field (or other control) that has its own meaning for it. */
export function isTypingTarget(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return Boolean(el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="menu"], [role="dialog"]'));
}
