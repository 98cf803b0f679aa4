import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

export type MenuItem = { label: string; onSelect: () => void; disabled?: boolean; hint?: string; danger?: boolean };

/**
 * A menu opened from a button (Run's options, the toolbar's More): right-aligned under it, as wide as a
 * ContextMenu (13rem). Pass `button` as the menu's `anchor`, so a press on the button toggles the menu
 * instead of closing it as a click elsewhere and opening it again at once.
 */
export function useButtonMenu() {
  const button = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const open = () => {
    const box = button.current?.getBoundingClientRect();
    setAt(box ? { x: box.right - 208, y: box.bottom + 4 } : { x: 0, y: 0 });
  };
  return { button, at, open, close: () => setAt(null), toggle: () => (at ? setAt(null) : open()) };
}

/**
 * A menu at a point (right-click). Follows the WAI-ARIA menu pattern: focus starts on the first item,
 * arrow keys, Home and End move, Enter or Space picks, Escape or Tab closes; a click elsewhere closes it
 * too. Focus goes back where it was.
 */
export function ContextMenu({
  label,
  x,
  y,
  items,
  onClose,
  anchor,
}: {
  label: string;
  x: number;
  y: number;
  items: MenuItem[];
  onClose: () => void;
  /** The button that opened the menu: a press on it is its own to handle (it toggles the menu), not a click elsewhere. */
  anchor?: RefObject<HTMLElement>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!ref.current?.contains(target) && !anchor?.current?.contains(target)) onCloseRef.current();
    };
    const onBlurWindow = () => onCloseRef.current();
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('blur', onBlurWindow);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('blur', onBlurWindow);
      if (previous?.isConnected && ref.current?.contains(document.activeElement)) previous.focus();
    };
  }, []);

  const move = (step: number | 'first' | 'last') => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const next = step === 'first' ? 0 : step === 'last' ? all.length - 1 : (at + step + all.length) % all.length;
    all[next]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => move('first'),
      End: () => move('last'),
      Escape: onClose,
      Tab: onClose,
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    action();
  };

  // Keep the menu inside the window.
  const left = typeof window === 'undefined' ? x : Math.min(x, window.innerWidth - 224);
  const top = typeof window === 'undefined' ? y : Math.min(y, window.innerHeight - 32 * items.length - 16);

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
      style={{ left, top }}
      className="fixed z-50 w-52 rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          aria-disabled={item.disabled || undefined}
          onClick={() => {
            if (item.disabled) return;
            onClose();
            item.onSelect();
          }}
          className={`flex w-full items-center justify-between px-3 py-1.5 text-left outline-none focus:bg-indigo-50 ${
            item.disabled ? 'cursor-default text-slate-400' : item.danger ? 'text-red-700 hover:bg-red-50' : 'text-slate-800 hover:bg-slate-50'
          }`}
        >
          <span>{item.label}</span>
          {/* The key is a hint for the eye; the item's name stays its label alone. */}
          {item.hint ? (
            <span aria-hidden="true" className="text-[11px] text-slate-400">
              {item.hint}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
