import { useEffect } from 'react';
import { CloseIcon } from '../components/ui/icons';

export type Refusal = { message: string; x: number; y: number };

/** Why the wire just dropped was not connected, shown where it was dropped until dismissed or replaced. */
export function ConnectionRefusal({ refusal, onDismiss }: { refusal: Refusal; onDismiss: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onDismiss();
    window.addEventListener('keydown', onKey);
    // Long enough to read a two-line sentence; the next drag or a click on the canvas clears it sooner.
    const timer = setTimeout(onDismiss, 9000);
    return () => {
      window.removeEventListener('keydown', onKey);
      clearTimeout(timer);
    };
  }, [refusal, onDismiss]);
  return (
    <div
      role="alert"
      aria-label="Connection refused"
      style={{ left: refusal.x, top: refusal.y }}
      className="pointer-events-auto absolute z-20 ml-3 mt-3 flex max-w-xs items-start gap-2 rounded-md bg-slate-900 px-3 py-2 text-xs text-white shadow-lg"
    >
      <span className="min-w-0 flex-1">{refusal.message}</span>
      <button type="button" aria-label="Dismiss" onClick={onDismiss} className="shrink-0 text-slate-300 hover:text-white">
        <CloseIcon width={12} height={12} />
      </button>
    </div>
  );
}
