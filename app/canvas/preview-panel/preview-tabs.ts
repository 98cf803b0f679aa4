import type { PortDef } from '../../../engine/define-node';
import type { PortRows } from '../../../engine/preview-result';
import type { PreviewGridTable, PreviewPayloadPort } from '../../../graphql/preview-payload';
import { formatCount } from '../../components/data-grid/format-cell';

/** One tab of the panel: a table to show in the grid (and where to ask for more of its rows), or a message (model and metrics ports). */
export type PreviewTab = { id: string; label: string; table?: PreviewGridTable; at?: PreviewTableAt; message?: string };
/** Which table of a preview: a table port, or the train or test part of a split port. */
export type PreviewTableAt = { port: string; part?: 'train' | 'test' };

/** Split ports become Train/Test tabs with their counts; every other port one tab, named by its label. */
export function buildTabs(ports: PreviewPayloadPort[], outputs: readonly PortDef[]): PreviewTab[] {
  const labelOf = (port: string) => outputs.find((p) => p.name === port)?.label ?? port;
  return ports.flatMap((port): PreviewTab[] => {
    if (port.kind === 'split') {
      return [
        { id: `${port.port}:train`, label: `Train (${formatCount(port.train.rowCount)})`, table: port.train, at: { port: port.port, part: 'train' } },
        { id: `${port.port}:test`, label: `Test (${formatCount(port.test.rowCount)})`, table: port.test, at: { port: port.port, part: 'test' } },
      ];
    }
    if (port.kind === 'table') return [{ id: port.port, label: `${labelOf(port.port)} (${formatCount(port.table.rowCount)})`, table: port.table, at: { port: port.port } }];
    return [{ id: port.port, label: labelOf(port.port), message: port.message }];
  });
}

/** "Filter kept 212 of 344 rows", "Split: 344 rows → 275 train, 69 test", or rows in and out. */
export function describeRows(nodeName: string, rowsIn: PortRows[], rowsOut: PortRows[]): string | undefined {
  const out = rowsOut[0];
  if (!out) return undefined;
  const input = rowsIn[0];
  if (out.train !== undefined && out.test !== undefined) {
    const split = `${formatCount(out.train)} train, ${formatCount(out.test)} test`;
    return input && input.train === undefined ? `${nodeName}: ${formatCount(input.rows)} rows → ${split}` : `${nodeName}: ${split}`;
  }
  if (!input) return `${nodeName}: ${formatCount(out.rows)} rows`;
  if (out.rows < input.rows) return `${nodeName} kept ${formatCount(out.rows)} of ${formatCount(input.rows)} rows`;
  if (out.rows === input.rows) return `${nodeName}: all ${formatCount(out.rows)} rows`;
  return `${nodeName}: ${formatCount(input.rows)} rows in, ${formatCount(out.rows)} out`;
}
