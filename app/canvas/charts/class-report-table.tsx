import type { ClassReportRow } from '../../../engine/define-node';
import { fmt } from './chart-colors';
import { formatCount } from '../../../engine/format-count';

/** Precision, recall, F1 and support per class, as scikit-learn's classification_report lays them out. */
export function ClassReportTable({ rows }: { rows: ClassReportRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-[11px] tabular-nums">
        <caption className="mb-1 text-left text-[11px] font-medium text-slate-600">Per-class scores</caption>
        <thead>
          <tr className="text-slate-500">
            {['Class', 'Precision', 'Recall', 'F1', 'Support'].map((h) => (
              <th key={h} scope="col" className="px-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} className="border-t border-slate-100 text-slate-800">
              <th scope="row" className="max-w-[6rem] truncate px-1 font-medium" title={r.label}>
                {r.label}
              </th>
              <td className="px-1">{fmt(r.precision)}</td>
              <td className="px-1">{fmt(r.recall)}</td>
              <td className="px-1">{fmt(r.f1)}</td>
              <td className="px-1">{formatCount(r.support)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
