import { useRef, useState } from 'react';
import { Button } from '../components/ui/button';
import { ContextMenu, type MenuItem } from '../components/ui/context-menu';

/**
 * The toolbar's panel toggles gathered in one menu, shown instead of them below `lg`, where the toolbar
 * has no room for each. The button toggles the menu under it, which also closes on a pick, Escape or a click elsewhere.
 */
export function ToolbarMoreMenu({ items }: { items: MenuItem[] }) {
  const button = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<{ x: number; y: number }>();
  return (
    <>
      <Button
        ref={button}
        variant="ghost"
        className="lg:hidden"
        aria-haspopup="menu"
        aria-expanded={at !== undefined}
        onClick={() => {
          const box = button.current!.getBoundingClientRect();
          setAt(at ? undefined : { x: box.right - 208, y: box.bottom + 4 });
        }}
      >
        More
      </Button>
      {at ? (
        <ContextMenu
          label="More"
          x={at.x}
          y={at.y}
          items={items}
          anchor={button}
          onClose={() => setAt(undefined)}
        />
      ) : null}
    </>
  );
}
