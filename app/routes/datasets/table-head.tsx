/** A column heading; `className` adds classes to its cell, e.g. to hide a column the rows fold elsewhere on narrow screens. */
export type Heading = string | { label: string; className: string };

/** The header row of the Datasets pages' tables; `actions` adds a last column of buttons, named for screen readers only. */
export function TableHead({ headings, actions = false }: { headings: readonly Heading[]; actions?: boolean }) {
  return (
    <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
      <tr>
        {headings.map((h) => {
          const { label, className } = typeof h === 'string' ? { label: h, className: '' } : h;
          return (
            <th key={label} scope="col" className={`px-3 py-2 font-medium ${className}`}>
              {label}
            </th>
          );
        })}
        {actions && (
          <th scope="col" className="px-3 py-2 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
