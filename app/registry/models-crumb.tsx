import { Link } from '@remix-run/react';

/** The registry pages' breadcrumb in the header: Models, then the model when a page is one model's. */
export function ModelsCrumb({ model }: { model?: string }) {
  return (
    <>
      <Link to="/models" className="text-sm text-slate-600 hover:underline">
        Models
      </Link>
      {model ? (
        <>
          <span className="text-sm text-slate-400" aria-hidden>
            /
          </span>
          <Link to={`/models/${encodeURIComponent(model)}`} className="truncate text-sm text-slate-600 hover:underline">
            {model}
          </Link>
        </>
      ) : null}
    </>
  );
}
