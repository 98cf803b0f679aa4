import { Button } from '../components/ui/button';
import { ContextMenu, useButtonMenu, type MenuItem } from '../components/ui/context-menu';

/**
 * The toolbar's panel toggles gathered in one menu, shown instead of them below `lg`, where the toolbar
 * has no room for each. The button toggles the menu under it, which also closes on a pick, Escape or a click elsewhere.
 */
export function ToolbarMoreMenu({ items }: { items: MenuItem[] }) {
  const menu = useButtonMenu();
  return (
    <>
      <Button ref={menu.button} variant="ghost" className="lg:hidden" aria-haspopup="menu" aria-expanded={menu.at !== null} onClick={menu.toggle}>
        More
      </Button>
      {menu.at ? <ContextMenu label="More" x={menu.at.x} y={menu.at.y} items={items} anchor={menu.button} onClose={menu.close} /> : null}
    </>
  );
}
