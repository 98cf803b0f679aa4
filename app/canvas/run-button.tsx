import { useRef, useState } from 'react';
import { Button } from '../components/ui/button';
import { ContextMenu } from '../components/ui/context-menu';
import { ChevronIcon, PlayIcon } from '../components/ui/icons';

/**
 * Run, split with a menu of other ways to run: "Force re-run" recomputes every node, ignoring the outputs
 * stored by earlier runs (a plain Run reuses those of nodes whose inputs and settings did not change).
 */
export function RunButton({ disabled, onRun }: { disabled: boolean; onRun: (force: boolean) => void }) {
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const openMenu = () => {
    const box = toggle.current?.getBoundingClientRect();
    // Right-aligned under the button (the menu is 13rem wide).
    setMenu(box ? { x: box.right - 208, y: box.bottom + 4 } : { x: 0, y: 0 });
  };
  return (
    <div className="flex items-center">
      <Button variant="primary" className="rounded-r-none" onClick={() => onRun(false)} disabled={disabled}>
        <PlayIcon width={12} height={12} />
        Run
      </Button>
      <Button
        ref={toggle}
        variant="primary"
        className="rounded-l-none border-l border-indigo-400 !px-1.5"
        // No "run" in the name: tests and assistive tech find the Run button itself by that word.
        aria-label="Start options"
        title="Force re-run"
        aria-haspopup="menu"
        aria-expanded={menu !== null}
        disabled={disabled}
        onClick={() => (menu ? setMenu(null) : openMenu())}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            openMenu();
          }
        }}
      >
        <ChevronIcon width={12} height={12} />
      </Button>
      {menu ? (
        <ContextMenu
          label="Start options"
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(null)}
          items={[{ label: 'Force re-run', hint: 'no cache', onSelect: () => onRun(true) }]}
        />
      ) : null}
    </div>
  );
}
