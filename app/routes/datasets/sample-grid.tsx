import { DataGrid } from '../../components/data-grid/data-grid';
import type { ColumnStats } from '../../components/data-grid/types';
import type { ColumnProfile, TableProfile } from '../../../engine/kernels/column-profile';
import { formatCount } from './format';

/** A version's first rows in the shared grid, its headers summarising the whole version's profile. */
export function SampleGrid({ profile }: { profile: TableProfile }) {
  const { rows } = profile.sample;
  return (
    <div className="h-[28rem] overflow-hidden rounded-lg border border-slate-200">
      <DataGrid
        label={`First ${formatCount(rows.length)} of ${formatCount(profile.rowCount)} rows`}
        columns={profile.columns.map((c) => ({ name: c.name, kind: c.kind }))}
        rowCount={rows.length}
        cell={(row, column) => rows[row]?.[column] ?? null}
        stats={profile.columns.map(toGridStats)}
        statsRows={profile.rowCount}
      />
    </div>
  );
}

function toGridStats(column: ColumnProfile): ColumnStats {
  return {
    missing: column.missing,
    histogram: column.histogram && column.min !== null && column.max !== null ? { min: column.min, max: column.max, bins: column.histogram.counts } : undefined,
    top: column.top?.values,
    distinct: column.distinct ?? undefined,
  };
}
