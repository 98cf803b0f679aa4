import { useEffect, useId, useRef, useState } from 'react';
import type { ColumnSchema } from '../../engine/table';
import { Button } from '../components/ui/button';
import { ChevronIcon, GripIcon } from '../components/ui/icons';
import { ColumnKindIcon } from './column-kind-icon';
import type { ParamSchema } from './param-schema';
import { NOT_CONNECTED } from './upstream-status';

type Props = {
  label: string;
  prop: ParamSchema;
  value: string[] | undefined;
  onChange: (value: string[] | undefined) => void;
  /** The upstream columns, or undefined while nothing is connected. */
  columns: ColumnSchema[] | undefined;
  /** Said instead of the columns when there are none to offer. */
  noColumns?: string;
};

/**
 * Several upstream columns as checkboxes. Where order matters (the `ordered` hint), ticked columns go
 * to the end of the list and a second list shows that order, to be changed with buttons or by dragging;
 * otherwise the value follows the upstream order.
 */
export function ColumnsField({ label, prop, value, onChange, columns, noColumns = NOT_CONNECTED }: Props) {
  const id = useId();
  const chosen = value ?? [];
  const selected = new Set(chosen);
  const stale = chosen.filter((name) => columns && !columns.some((c) => c.name === name));
  const upstreamOrder = (names: Set<string>) => (columns ?? []).map((c) => c.name).filter((n) => names.has(n));
  const toggle = (name: string, on: boolean) => {
    if (prop.ordered) return onChange(on ? [...chosen, name] : chosen.filter((n) => n !== name));
    const next = new Set(selected);
    if (on) next.add(name);
    else next.delete(name);
    const ordered = upstreamOrder(next);
    onChange([...ordered, ...[...next].filter((n) => !ordered.includes(n))]);
  };
  const chooseAll = (all: ColumnSchema[]) =>
    onChange(prop.ordered ? [...chosen, ...all.map((c) => c.name).filter((n) => !selected.has(n))] : all.map((c) => c.name));
  return (
    <div role="group" aria-labelledby={`${id}-label`} className="space-y-1">
      <div className="flex items-center justify-between">
        <span id={`${id}-label`} className="text-xs font-medium text-slate-700">
          {label}
        </span>
        {columns && columns.length > 0 ? (
          <span className="flex gap-1">
            <Button size="sm" variant="ghost" className="!h-5 !px-1.5" onClick={() => chooseAll(columns)}>
              All
            </Button>
            <Button size="sm" variant="ghost" className="!h-5 !px-1.5" onClick={() => onChange([])}>
              None
            </Button>
          </span>
        ) : null}
      </div>
      {columns ? (
        <div className="max-h-44 space-y-0.5 overflow-y-auto rounded-md bg-white p-1.5 ring-1 ring-inset ring-slate-300">
          {columns.length === 0 ? <p className="px-1 text-xs text-slate-500">No matching columns upstream.</p> : null}
          {columns.map((c) => (
            <label key={c.name} className="flex cursor-pointer items-center gap-2 rounded px-1 py-0.5 text-sm text-slate-800 hover:bg-slate-50">
              <input
                type="checkbox"
                className="h-3.5 w-3.5 rounded border-slate-300 text-indigo-600 focus:ring-indigo-500"
                checked={selected.has(c.name)}
                onChange={(e) => toggle(c.name, e.target.checked)}
              />
              <span className="truncate">{c.name}</span>
              <ColumnKindIcon kind={c.kind} className="ml-auto" />
            </label>
          ))}
        </div>
      ) : (
        <p className="text-xs text-slate-500">{noColumns}</p>
      )}
      {prop.ordered && chosen.length > 1 ? <ColumnOrderList label={label} names={chosen} columns={columns} onChange={onChange} /> : null}
      {stale.length ? <p className="text-xs text-red-600">Not found upstream: {stale.join(', ')}</p> : null}
      {prop.description ? <p className="text-xs text-slate-500">{prop.description}</p> : null}
    </div>
  );
}

type Direction = 'up' | 'down';

/** The chosen columns in their order, with Move up / Move down buttons on each and drag and drop. */
function ColumnOrderList({ label, names, columns, onChange }: { label: string; names: string[]; columns: ColumnSchema[] | undefined; onChange: (names: string[]) => void }) {
  const [dragged, setDraggedState] = useState<number | null>(null);
  // The drag handlers read a ref: dragover can fire before React re-renders after dragstart, and a
  // handler closed over the old state would refuse the drop.
  const draggedRef = useRef<number | null>(null);
  const setDragged = (i: number | null) => {
    draggedRef.current = i;
    setDraggedState(i);
  };
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const refocus = useRef<{ name: string; direction: Direction } | null>(null);
  const move = (from: number, to: number) => {
    const next = [...names];
    next.splice(to, 0, ...next.splice(from, 1));
    onChange(next);
  };

  // Reordering moves list items in the DOM, which drops the focus of a clicked button: give it back,
  // or to the other button once the column reaches an end of the list.
  useEffect(() => {
    if (!refocus.current) return;
    const { name, direction } = refocus.current;
    refocus.current = null;
    const same = buttons.current.get(`${direction}:${name}`);
    (same && !same.disabled ? same : buttons.current.get(`${direction === 'up' ? 'down' : 'up'}:${name}`))?.focus();
  }, [names]);

  const button = (name: string, i: number, direction: Direction) => (
    <Button
      ref={(el) => (el ? buttons.current.set(`${direction}:${name}`, el) : buttons.current.delete(`${direction}:${name}`))}
      size="sm"
      variant="ghost"
      className="!h-5 !px-1"
      aria-label={`Move ${name} ${direction}`}
      disabled={direction === 'up' ? i === 0 : i === names.length - 1}
      onClick={() => {
        refocus.current = { name, direction };
        move(i, direction === 'up' ? i - 1 : i + 1);
      }}
    >
      <ChevronIcon width={12} height={12} className={direction === 'up' ? 'rotate-180' : ''} />
    </Button>
  );

  return (
    <div className="space-y-0.5">
      <p className="text-[11px] text-slate-500">In this order (drag a row or use its arrows):</p>
      <ol aria-label={`${label}, in order`} className="space-y-0.5 rounded-md bg-slate-50 p-1.5 ring-1 ring-inset ring-slate-200">
        {names.map((name, i) => {
          const kind = columns?.find((c) => c.name === name)?.kind;
          return (
            <li
              key={name}
              draggable
              onDragStart={(e) => {
                setDragged(i);
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', name);
              }}
              onDragOver={(e) => draggedRef.current !== null && e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                const from = draggedRef.current;
                if (from !== null && from !== i) move(from, i);
                setDragged(null);
              }}
              onDragEnd={() => setDragged(null)}
              className={`flex items-center gap-1.5 rounded bg-white px-1 py-0.5 text-sm text-slate-800 ring-1 ring-inset ring-slate-200 ${dragged === i ? 'opacity-50' : ''}`}
            >
              <GripIcon width={12} height={12} className="shrink-0 cursor-grab text-slate-400" />
              <span className="w-4 shrink-0 text-right text-[11px] tabular-nums text-slate-400">{i + 1}</span>
              <span className="min-w-0 flex-1 truncate">{name}</span>
              {kind ? <ColumnKindIcon kind={kind} /> : null}
              {button(name, i, 'up')}
              {button(name, i, 'down')}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
