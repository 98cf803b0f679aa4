import { Link, useLocation } from '@remix-run/react';
import { formatCount } from '../../../engine/format-count';

/** "Runs 26–50 of 80" with Previous / Next links that keep the filters. */
export function RunPager({ page, pageSize, total, shown }: { page: number; pageSize: number; total: number; shown: number }) {
  const { search } = useLocation();
  const to = (p: number) => {
    const params = new URLSearchParams(search);
    if (p > 1) params.set('page', String(p));
    else params.delete('page');
    const query = params.toString();
    return query ? `?${query}` : '?';
  };
  const first = (page - 1) * pageSize + 1;
  const linkClass = 'rounded-md px-2 py-1 ring-1 ring-inset ring-slate-300 hover:bg-slate-50';
  return (
    <nav aria-label="Pages" className="flex items-center justify-between text-sm text-slate-600">
      <p aria-live="polite">{shown === 0 ? `No runs on page ${page}` : `Runs ${formatCount(first)}–${formatCount(first + shown - 1)} of ${formatCount(total)}`}</p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link to={to(page - 1)} className={linkClass}>
            Previous
          </Link>
        ) : null}
        {first + shown - 1 < total ? (
          <Link to={to(page + 1)} className={linkClass}>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
