import { Button } from '../components/ui/button';
import { KeyboardIcon, RedoIcon, UndoIcon } from '../components/ui/icons';
import { ariaKeys, formatKeys } from './shortcuts';

type Props = { canUndo: boolean; canRedo: boolean; onUndo: () => void; onRedo: () => void; onHelp: () => void };

/** Undo, redo and the shortcuts overlay, for the editor's toolbar. */
export function EditActions({ canUndo, canRedo, onUndo, onRedo, onHelp }: Props) {
  return (
    <div className="flex items-center gap-0.5 border-r border-slate-200 pr-2">
      <Button size="sm" variant="ghost" aria-label="Undo" title={`Undo (${formatKeys('Mod+Z')})`} aria-keyshortcuts={ariaKeys('undo')} disabled={!canUndo} onClick={onUndo}>
        <UndoIcon width={14} height={14} />
      </Button>
      <Button size="sm" variant="ghost" aria-label="Redo" title={`Redo (${formatKeys('Mod+Shift+Z')})`} aria-keyshortcuts={ariaKeys('redo')} disabled={!canRedo} onClick={onRedo}>
        <RedoIcon width={14} height={14} />
      </Button>
      <Button size="sm" variant="ghost" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" aria-keyshortcuts="?" onClick={onHelp}>
        <KeyboardIcon width={14} height={14} />
      </Button>
    </div>
  );
}
