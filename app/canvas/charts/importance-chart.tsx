import type { ImportanceRow } from '../../../engine/define-node';
import { ChartEmpty, ChartFigure } from '../../components/ui/charts/chart-figure';
import { ImportanceBars } from '../../components/ui/charts/importance-bars';
import { fmt } from './chart-colors';

/** Bars the settings panel has room for; the expanded view shows every feature. */
const COMPACT_BARS = 12;

/** Feature importance, largest first: permutation (drop of the score, ± std) or the model's own. */
export function ImportanceChart({ rows, kind, scoring, emptyText = 'Run the pipeline to see the feature importance.' }: { rows: ImportanceRow[] | undefined; kind: 'permutation' | 'model'; scoring: string; emptyText?: string }) {
  const title = kind === 'permutation' ? 'Permutation importance' : 'Built-in importance';
  if (!rows?.length) return <ChartEmpty>{emptyText}</ChartEmpty>;
  const sorted = [...rows].sort((a, b) => b.value - a.value);
  const valueLabel = kind === 'permutation' ? `Drop in ${scoring === 'r2' ? 'R²' : scoring}` : 'Share of importance';
  const top = sorted.slice(0, 3).map((r) => `${r.feature} ${fmt(r.value)}`).join(', ');
  return (
    <ChartFigure
      title={title}
      table={{ columns: ['Feature', valueLabel, ...(kind === 'permutation' ? ['Std'] : [])], rows: sorted.map((r) => [r.feature, r.value, ...(kind === 'permutation' ? [r.std ?? 0] : [])]) }}
      renderChart={(size) => {
        const shown = size.width < 400 ? sorted.slice(0, COMPACT_BARS) : sorted;
        return (
          <ImportanceBars
            rows={shown.map((r) => ({ label: r.feature, value: r.value, std: r.std }))}
            size={size}
            label={`${title} of ${rows.length} features (${valueLabel.toLowerCase()}), highest: ${top}`}
            valueLabel={valueLabel}
          />
        );
      }}
    />
  );
}
