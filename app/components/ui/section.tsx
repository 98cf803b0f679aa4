import { useId, type ReactNode } from 'react';

/**
 * A titled part of a page, named by its heading (so it is a region screen readers can jump to). A card by
 * default; `plain` for parts of a page that read as one document (a model version's metrics, lineage);
 * `flush` lets a table run to the card's edges.
 */
export function Section({
  title,
  description,
  actions,
  plain = false,
  flush = false,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  plain?: boolean;
  flush?: boolean;
  children?: ReactNode;
}) {
  const id = useId();
  const inset = flush ? 'px-6' : '';
  return (
    <section aria-labelledby={id} className={plain ? 'space-y-2' : `space-y-3 rounded-xl border border-slate-200 bg-white shadow-sm ${flush ? 'py-5' : 'p-6'}`}>
      <div className={`flex items-center justify-between gap-3 ${inset}`}>
        <h2 id={id} className="text-base font-medium">
          {title}
        </h2>
        {actions}
      </div>
      {description ? <p className={`text-xs text-slate-500 ${inset}`}>{description}</p> : null}
      {children}
    </section>
  );
}
