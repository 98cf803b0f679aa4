import { ContextMenu, type MenuItem } from '../components/ui/context-menu';
import { formatKeys, shortcuts } from './shortcuts';
import type { EditorCommands } from './use-editor-commands';

/** Where the user right-clicked: on nodes (the selection) or on the empty canvas, in screen and flow points. */
export type CanvasMenuState = { kind: 'nodes' | 'pane'; x: number; y: number; flow: { x: number; y: number }; count: number };

const hintOf = (id: string) => {
  const keys = shortcuts.find((s) => s.id === id)?.keys[0];
  return keys ? formatKeys(keys) : undefined;
};

/** The right-click menus of the canvas: one for the selected nodes, one for the empty canvas. */
type Props = { menu: CanvasMenuState; commands: EditorCommands; canUndo: boolean; canRedo: boolean; onAddNode: () => void; onClose: () => void };

export function CanvasMenu({ menu, commands, canUndo, canRedo, onAddNode, onClose }: Props) {
  const items: MenuItem[] =
    menu.kind === 'nodes'
      ? [
          { label: 'Duplicate', hint: hintOf('duplicate'), onSelect: () => void commands.duplicate() },
          { label: 'Copy', hint: hintOf('copy'), onSelect: () => void commands.copy() },
          { label: 'Cut', hint: hintOf('cut'), onSelect: () => void commands.cut() },
          { label: menu.count > 1 ? `Delete ${menu.count} nodes` : 'Delete', hint: hintOf('delete'), danger: true, onSelect: commands.delete },
        ]
      : [
          { label: 'Paste', hint: hintOf('paste'), onSelect: () => void commands.paste(menu.flow) },
          { label: 'Select all', hint: hintOf('selectAll'), onSelect: commands.selectAll },
          { label: 'Add node…', onSelect: onAddNode },
          { label: 'Undo', hint: hintOf('undo'), disabled: !canUndo, onSelect: commands.undo },
          { label: 'Redo', hint: hintOf('redo'), disabled: !canRedo, onSelect: commands.redo },
        ];
  return <ContextMenu label={menu.kind === 'nodes' ? 'Node actions' : 'Canvas actions'} x={menu.x} y={menu.y} items={items} onClose={onClose} />;
}
