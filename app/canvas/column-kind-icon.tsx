import type { ColumnKind } from '../../engine/table';

/** The short glyph for a column's kind in pickers and completion lists; screen readers get the kind in words elsewhere. */
export function ColumnKindIcon({ kind, className = '' }: { kind: ColumnKind; className?: string }) {
  return (
    <span aria-hidden="true" className={`shrink-0 text-[10px] uppercase text-slate-400 ${className}`}>
      {kind === 'number' ? '123' : kind === 'date' ? 'date' : 'abc'}
    </span>
  );
}
