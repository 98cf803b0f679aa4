/** The header row of the Datasets pages' tables; `actions` adds a last column of buttons, named for screen readers only. */
export function TableHead({ headings, actions = false }: { headings: readonly string[]; actions?: boolean }) {
  return (
    <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
      <tr>
        {headings.map((h) => (
          <th key={h} scope="col" className="px-3 py-2 font-medium">
            {h}
          </th>
        ))}
        {actions && (
          <th scope="col" className="px-3 py-2 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
