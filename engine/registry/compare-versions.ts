import type { TableSchema } from '../table';
import { isBetter } from './metric-direction';

export type ComparedSide = { metrics: Record<string, number>; hyperparameters: Record<string, unknown>; inputSchema: TableSchema };

export type MetricRow = { name: string; a: number | null; b: number | null; delta: number | null; better: 'a' | 'b' | null };
export type ParamRow = { name: string; a: unknown; b: unknown; same: boolean };
export type SchemaRow = { column: string; a: string | null; b: string | null; change: 'same' | 'added' | 'removed' | 'kind' };

const sortedKeys = (...objects: object[]) => [...new Set(objects.flatMap((o) => Object.keys(o)))].sort();
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Two versions side by side: every metric either has with `b − a` and which is better, every
 * hyperparameter with whether it changed, and the request columns added, removed or retyped from a to b.
 */
export function compareVersions(a: ComparedSide, b: ComparedSide) {
  const metrics: MetricRow[] = sortedKeys(a.metrics, b.metrics).map((name) => {
    const x = a.metrics[name] ?? null;
    const y = b.metrics[name] ?? null;
    const both = x !== null && y !== null;
    const better = !both || x === y ? null : isBetter(name, y, x) ? 'b' : 'a';
    return { name, a: x, b: y, delta: both ? y - x : null, better };
  });
  const params: ParamRow[] = sortedKeys(a.hyperparameters, b.hyperparameters).map((name) => ({
    name,
    a: a.hyperparameters[name] ?? null,
    b: b.hyperparameters[name] ?? null,
    same: sameValue(a.hyperparameters[name], b.hyperparameters[name]),
  }));
  const kindsA = new Map(a.inputSchema.columns.map((c) => [c.name, c.kind as string]));
  const kindsB = new Map(b.inputSchema.columns.map((c) => [c.name, c.kind as string]));
  const columns = [...kindsA.keys(), ...[...kindsB.keys()].filter((k) => !kindsA.has(k))];
  const schema: SchemaRow[] = columns.map((column) => {
    const x = kindsA.get(column) ?? null;
    const y = kindsB.get(column) ?? null;
    const change = x === null ? 'added' : y === null ? 'removed' : x === y ? 'same' : 'kind';
    return { column, a: x, b: y, change };
  });
  return { metrics, params, schema };
}

export type VersionComparison = ReturnType<typeof compareVersions>;
