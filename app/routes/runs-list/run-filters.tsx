import { Form, Link, useSubmit } from '@remix-run/react';
import type { RunListData } from '~/runs-page.server';
import { statusLabels, triggerLabels } from './run-format';

const selectClass = 'mt-1 block w-44 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm';

/** Filters kept in the URL (so a filtered list can be linked and reloaded); changing one shows its first page. */
export function RunFilters({ filter, pipelines }: Pick<RunListData, 'filter' | 'pipelines'>) {
  const submit = useSubmit();
  const filtered = filter.pipeline || filter.status || filter.trigger;
  return (
    <Form method="get" role="search" aria-label="Filter runs" className="flex flex-wrap items-end gap-3" onChange={(e) => submit(withoutEmpty(e.currentTarget), { replace: true })}>
      <div>
        <label htmlFor="runs-filter-status" className="text-xs font-medium text-slate-600">
          Status
        </label>
        <select id="runs-filter-status" name="status" defaultValue={filter.status} className={selectClass}>
          <option value="">Any status</option>
          {Object.entries(statusLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="runs-filter-pipeline" className="text-xs font-medium text-slate-600">
          Pipeline
        </label>
        <select id="runs-filter-pipeline" name="pipeline" defaultValue={filter.pipeline} className={selectClass}>
          <option value="">Any pipeline</option>
          {pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="runs-filter-trigger" className="text-xs font-medium text-slate-600">
          Trigger
        </label>
        <select id="runs-filter-trigger" name="trigger" defaultValue={filter.trigger} className={selectClass}>
          <option value="">Any trigger</option>
          {Object.entries(triggerLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <noscript>
        <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-sm">
          Apply
        </button>
      </noscript>
      {filtered ? (
        <Link to="/runs" className="pb-1 text-sm text-indigo-600 hover:underline">
          Clear filters
        </Link>
      ) : null}
    </Form>
  );
}

/** The form's values without the "any" ones, so the URL says only what is filtered. */
function withoutEmpty(form: HTMLFormElement) {
  const params = new URLSearchParams();
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string' && value) params.set(key, value);
  });
  return params;
}
