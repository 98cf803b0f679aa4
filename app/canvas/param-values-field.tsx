import { useId } from 'react';
import type { ColumnSchema } from '../../engine/table';
import type { ParamSchema } from './param-schema';

type Props = { label: string; prop: ParamSchema; value: string[] | undefined; onChange: (value: string[] | undefined) => void; column: ColumnSchema | undefined };

/** Several values of one category column (e.g. the values a column may hold), from the upstream schema. */
export function ValuesField({ label, prop, value, onChange, column }: Props) {
  const id = useId();
  const selected = new Set(value ?? []);
  const offered = column?.categories ?? [];
  const stale = [...selected].filter((v) => !offered.includes(v));
  const listed = [...offered, ...stale];
  const toggle = (v: string, on: boolean) => onChange(listed.filter((o) => (o === v ? on : selected.has(o))));
  const hint = !column ? 'Pick a column first.' : column.kind !== 'category' ? `'${column.name}' holds numbers; pick a category column.` : offered.length === 0 ? 'No values upstream.' : undefined;
  return (
    <div role="group" aria-labelledby={`${id}-label`} className="space-y-1">
      <span id={`${id}-label`} className="text-xs font-medium text-slate-700">
        {label}
      </span>
      {hint ? (
        <p className="text-xs text-slate-500">{hint}</p>
      ) : (
        <div className="max-h-44 space-y-0.5 overflow-y-auto rounded-md bg-white p-1.5 ring-1 ring-inset ring-slate-300">
          {listed.map((v) => (
            <label key={v} className="flex cursor-pointer items-center gap-2 rounded px-1 py-0.5 text-sm text-slate-800 hover:bg-slate-50">
              <input
                type="checkbox"
                className="h-3.5 w-3.5 rounded border-slate-300 text-indigo-600 focus:ring-indigo-500"
                checked={selected.has(v)}
                onChange={(e) => toggle(v, e.target.checked)}
              />
              <span className="truncate">{v}</span>
              {stale.includes(v) ? <span className="ml-auto text-[10px] text-red-600">not found upstream</span> : null}
            </label>
          ))}
        </div>
      )}
      {prop.description ? <p className="text-xs text-slate-500">{prop.description}</p> : null}
    </div>
  );
}
