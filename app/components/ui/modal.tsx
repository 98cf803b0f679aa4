import { useEffect, useRef, type ReactNode } from 'react';

/** A modal <dialog> shown while mounted; Escape calls onCancel instead of closing it behind React's back. */
export function Modal({ label, onCancel, children, className = '' }: { label: string; onCancel(): void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={label}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className={`rounded-lg p-4 text-slate-900 shadow-xl backdrop:bg-slate-900/40 ${className}`}
    >
      {children}
    </dialog>
  );
}
