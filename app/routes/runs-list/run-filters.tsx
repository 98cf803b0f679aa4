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
      <FilterSelect name="status" label="Status" anyLabel="Any status" value={filter.status} options={Object.entries(statusLabels)} />
      <FilterSelect name="pipeline" label="Pipeline" anyLabel="Any pipeline" value={filter.pipeline} options={pipelines.map((p) => [p.id, p.name])} />
      <FilterSelect name="trigger" label="Trigger" anyLabel="Any trigger" value={filter.trigger} options={Object.entries(triggerLabels)} />
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

/** One labelled filter: "any" (empty) first, then `options` as [value, label] pairs. */
function FilterSelect({ name, label, anyLabel, value, options }: { name: string; label: string; anyLabel: string; value: string; options: [string, string][] }) {
  const id = `runs-filter-${name}`;
  return (
    <div>
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className={selectClass}>
        <option value="">{anyLabel}</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </div>
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
