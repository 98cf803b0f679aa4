import type { Cell } from '../../../engine/kernels/column-profile';
import type { ColumnSchema } from '../../../engine/table';
import { formatDate } from './format';

/**
 * The first rows of a dataset version as a plain accessible table. Stands in for the shared virtualized
 * data grid (app/components/data-grid) until that lands; same inputs: columns and rows of cells.
 */
export function SampleTable({ columns, rows, totalRows }: { columns: ColumnSchema[]; rows: Cell[][]; totalRows: number }) {
  return (
    <div className="overflow-auto rounded-lg border border-slate-200 bg-white" style={{ maxHeight: '28rem' }}>
      <table className="min-w-full border-collapse text-xs">
        <caption className="sr-only">
          First {rows.length} of {totalRows} rows
        </caption>
        <thead className="sticky top-0 bg-slate-100">
          <tr>
            <th scope="col" className="px-2 py-1 text-right font-medium text-slate-400">
              #
            </th>
            {columns.map((c) => (
              <th key={c.name} scope="col" className={`whitespace-nowrap px-2 py-1 font-medium text-slate-700 ${c.kind === 'category' ? 'text-left' : 'text-right'}`}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r} className="border-t border-slate-100 odd:bg-white even:bg-slate-50">
              <td className="px-2 py-0.5 text-right text-slate-400">{r + 1}</td>
              {row.map((cell, c) => (
                <td key={c} className={`whitespace-nowrap px-2 py-0.5 ${columns[c]?.kind === 'category' ? '' : 'text-right tabular-nums'}`}>
                  {formatCell(cell, columns[c]?.kind)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatCell(cell: Cell, kind: string | undefined) {
  if (cell === null) return <span className="text-slate-300">null</span>;
  if (kind === 'date' && typeof cell === 'number') return formatDate(cell);
  return String(cell);
}
