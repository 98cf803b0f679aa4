import { parseClipboardGraph, type ClipboardGraph } from './selection-edits';

/**
 * Copied nodes travel as text on the system clipboard, so they paste into another pipeline, tab or window.
 * The marker line tells our payload from anything else the user copied. The last copy is also kept in
 * localStorage for when the clipboard cannot be written or read (no permission, an insecure origin).
 */
export const CLIPBOARD_MARKER = 'application/x-pipewright-nodes;v=1';
const STORAGE_KEY = 'pipewright:clipboard';

export function encodeClipboard(clip: ClipboardGraph) {
  return `${CLIPBOARD_MARKER}\n${JSON.stringify(clip)}`;
}

/** Our payload in `text`, or undefined for any other text (or a damaged payload). */
export function decodeClipboard(text: string | null | undefined): ClipboardGraph | undefined {
  if (!text?.startsWith(`${CLIPBOARD_MARKER}\n`)) return undefined;
  try {
    return parseClipboardGraph(JSON.parse(text.slice(CLIPBOARD_MARKER.length + 1)));
  } catch {
    return undefined;
  }
}

function storedText() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export async function writeClipboard(clip: ClipboardGraph) {
  const text = encodeClipboard(clip);
  try {
    localStorage.setItem(STORAGE_KEY, text);
  } catch {
    // Storage full or disabled: the system clipboard still carries it.
  }
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard access here: the stored copy serves pastes in this browser.
  }
}

/**
 * Text from a paste event: ours when the clipboard holds our payload; nothing when it holds other text
 * (the user copied something else since); the stored copy when the event carried no text at all.
 */
export function clipboardFromPaste(event: ClipboardEvent): ClipboardGraph | undefined {
  const text = event.clipboardData?.getData('text/plain');
  return text ? decodeClipboard(text) : decodeClipboard(storedText());
}

/** For a Paste menu item (no paste event to read): the system clipboard if readable, else the stored copy. */
export async function readClipboard(): Promise<ClipboardGraph | undefined> {
  try {
    const text = await navigator.clipboard.readText();
    if (text) return decodeClipboard(text);
  } catch {
    // Reading needs a permission the user may refuse: fall back to the stored copy.
  }
  return decodeClipboard(storedText());
}
