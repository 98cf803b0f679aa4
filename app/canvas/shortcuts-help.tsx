import { useEffect, useRef } from 'react';
import { CloseIcon } from '../components/ui/icons';
import { formatKeys, shortcuts, type Shortcut } from './shortcuts';

/** The keyboard shortcuts overlay (`?`): every entry of the shortcut list, by group. Escape closes it. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);
  const groups = shortcuts.reduce<Map<Shortcut['group'], Shortcut[]>>((m, s) => m.set(s.group, [...(m.get(s.group) ?? []), s]), new Map());

  return (
    <div className="fixed inset-0 z-50 grid place-items-center bg-slate-900/30 p-4" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === '?') {
            e.preventDefault();
            onClose();
          } else if (e.key === 'Tab') {
            // Modal: the close button is the one control, so focus stays on it.
            e.preventDefault();
            closeRef.current?.focus();
          }
        }}
        className="max-h-full w-full max-w-lg overflow-y-auto rounded-lg bg-white p-5 shadow-xl ring-1 ring-slate-200"
      >
        <div className="mb-3 flex items-center justify-between">
          <h2 id="shortcuts-title" className="text-base font-semibold text-slate-900">
            Keyboard shortcuts
          </h2>
          <button ref={closeRef} type="button" aria-label="Close keyboard shortcuts" onClick={onClose} className="rounded p-1 text-slate-500 hover:bg-slate-100">
            <CloseIcon width={16} height={16} />
          </button>
        </div>
        {[...groups].map(([group, list]) => (
          <section key={group} aria-label={group} className="mb-3">
            <h3 className="mb-1 text-[11px] font-semibold uppercase tracking-wider text-slate-500">{group}</h3>
            <dl className="divide-y divide-slate-100">
              {list.map((s) => (
                <div key={s.id} className="flex items-center justify-between gap-4 py-1.5 text-sm">
                  <dt className="text-slate-700">{s.description}</dt>
                  <dd className="flex shrink-0 gap-1">
                    {s.keys.map((k) => (
                      <kbd key={k} className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">
                        {formatKeys(k)}
                      </kbd>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
