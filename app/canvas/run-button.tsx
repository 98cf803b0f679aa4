import { Button } from '../components/ui/button';
import { ContextMenu, useButtonMenu } from '../components/ui/context-menu';
import { ChevronIcon, PlayIcon } from '../components/ui/icons';

/**
 * Run, split with a menu of other ways to run: "Force rerun" recomputes every node, ignoring the outputs
 * stored by earlier runs (a plain Run reuses those of nodes whose inputs and settings did not change).
 */
export function RunButton({ disabled, onRun }: { disabled: boolean; onRun: (force: boolean) => void }) {
  const menu = useButtonMenu();
  return (
    <div className="flex items-center">
      <Button variant="primary" className="rounded-r-none" onClick={() => onRun(false)} disabled={disabled}>
        <PlayIcon width={12} height={12} />
        Run
      </Button>
      <Button
        ref={menu.button}
        variant="primary"
        className="rounded-l-none border-l border-indigo-400 !px-1.5"
        // No "run" in the name: tests and assistive tech find the Run button itself by that word.
        aria-label="Start options"
        title="Force rerun"
        aria-haspopup="menu"
        aria-expanded={menu.at !== null}
        disabled={disabled}
        onClick={menu.toggle}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            menu.open();
          }
        }}
      >
        <ChevronIcon width={12} height={12} />
      </Button>
      {menu.at ? (
        <ContextMenu
          label="Start options"
          x={menu.at.x}
          y={menu.at.y}
          anchor={menu.button}
          onClose={menu.close}
          items={[{ label: 'Force rerun', hint: 'no cache', onSelect: () => onRun(true) }]}
        />
      ) : null}
    </div>
  );
}
