import { useId, useMemo, useState, type DragEvent } from 'react';
import type { NodeDefinition } from '../../engine/define-node';
import { nodeTypes } from '../../engine/registry';
import { GripIcon, SearchIcon } from '../components/ui/icons';
import { inputClass } from '../components/ui/field';
import { categoryOrder, styleOfCategory } from './categories';

export const DRAG_MIME = 'application/x-pipewright-node';

function matches(def: NodeDefinition, query: string) {
  const q = query.trim().toLowerCase();
  return !q || `${def.title} ${def.description} ${def.category} ${def.type}`.toLowerCase().includes(q);
}

/**
 * Every registered node type, grouped by category; click (or Enter) to add, or drag onto the canvas. Below
 * `lg` it leaves the canvas its width: hidden until `narrowOpen`, then laid over the canvas's left edge.
 */
export function NodePalette({ onAdd, narrowOpen }: { onAdd: (type: string) => void; narrowOpen: boolean }) {
  const [query, setQuery] = useState('');
  const searchId = useId();
  const groups = useMemo(
    () =>
      categoryOrder
        .map((category) => ({ category, defs: nodeTypes.filter((d) => d.category === category && matches(d, query)) }))
        .filter((g) => g.defs.length > 0),
    [query],
  );

  const onDragStart = (event: DragEvent<HTMLButtonElement>, type: string) => {
    event.dataTransfer.setData(DRAG_MIME, type);
    event.dataTransfer.setData('text/plain', type);
    event.dataTransfer.effectAllowed = 'move';
  };

  return (
    <aside
      id="node-palette"
      aria-label="Node palette"
      className={`${narrowOpen ? 'absolute inset-y-0 left-0 z-20 flex shadow-xl' : 'hidden'} w-64 shrink-0 flex-col border-r border-slate-200 bg-white lg:static lg:flex lg:shadow-none`}
    >
      <div className="border-b border-slate-200 p-3">
        <label htmlFor={searchId} className="sr-only">
          Search nodes
        </label>
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute left-2.5 top-1/2 -translate-y-1/2 text-slate-400" width={14} height={14} />
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search nodes"
            className={`${inputClass} pl-8`}
          />
        </div>
      </div>
      <div className="flex-1 space-y-4 overflow-y-auto p-3">
        {groups.map(({ category, defs }) => {
          const style = styleOfCategory(category);
          return (
            <section key={category} aria-labelledby={`palette-${category}`}>
              <h2 id={`palette-${category}`} className="mb-1.5 flex items-center gap-2 px-1 text-[11px] font-semibold uppercase tracking-wider text-slate-500">
                <span aria-hidden="true" className={`h-2 w-2 rounded-full ${style.accent}`} />
                {style.label}
              </h2>
              <ul className="space-y-1.5">
                {defs.map((def) => (
                  <li key={def.type}>
                    <button
                      type="button"
                      draggable
                      onDragStart={(e) => onDragStart(e, def.type)}
                      onClick={() => onAdd(def.type)}
                      aria-label={`Add ${def.title}`}
                      aria-describedby={`palette-desc-${def.type}`}
                      className="group flex w-full cursor-grab items-start gap-2 rounded-md border border-slate-200 bg-white px-2.5 py-2 text-left shadow-sm transition hover:border-indigo-300 hover:shadow focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600 active:cursor-grabbing"
                    >
                      <span aria-hidden="true" className={`mt-0.5 h-8 w-1 shrink-0 rounded-full ${style.accent}`} />
                      <span className="min-w-0 flex-1">
                        <span className="block text-sm font-medium text-slate-900">{def.title}</span>
                        <span id={`palette-desc-${def.type}`} className="line-clamp-2 text-xs leading-snug text-slate-500" title={def.description}>
                          {def.description}
                        </span>
                      </span>
                      <GripIcon className="mt-1 shrink-0 text-slate-300 group-hover:text-slate-400" width={14} height={14} />
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        {groups.length === 0 ? <p className="px-1 text-sm text-slate-500">No nodes match “{query}”.</p> : null}
      </div>
      <p className="border-t border-slate-200 px-3 py-2 text-[11px] text-slate-500">Click to add, or drag onto the canvas.</p>
    </aside>
  );
}
