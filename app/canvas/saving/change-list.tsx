import type { GraphDiff } from '../../../engine/graph-diff';
import type { PipelineGraph } from '../../../engine/graph-types';
import { getNodeType } from '../../../engine/registry';

/** A node's name as the canvas shows it: its label, else its type's title, else its id. */
export function nodeTitle(id: string, ...graphs: PipelineGraph[]) {
  for (const g of graphs) {
    const n = g.nodes.find((x) => x.id === id);
    if (n) return n.label || getNodeType(n.type)?.title || n.type;
  }
  return id;
}

/** One line per changed node: "Added Impute", "Re-configured Split (testFraction)". */
export function describeDiff(diff: GraphDiff, before: PipelineGraph, after: PipelineGraph) {
  const name = (id: string) => nodeTitle(id, after, before);
  return [
    ...diff.added.map((id) => `Added ${name(id)}`),
    ...diff.removed.map((id) => `Removed ${name(id)}`),
    ...diff.changed.flatMap((c) => [
      ...(c.params.length ? [`Re-configured ${name(c.id)} (${c.params.join(', ')})`] : []),
      ...(c.rewired ? [`Re-wired ${name(c.id)}`] : []),
    ]),
    ...(diff.moved.length ? [`Moved ${diff.moved.length === 1 ? name(diff.moved[0]!) : `${diff.moved.length} nodes`}`] : []),
  ];
}

/** Counts for a compact summary: "1 added · 2 re-configured". */
export function summarizeDiff(diff: GraphDiff) {
  const parts = [
    [diff.added.length, 'added'],
    [diff.removed.length, 'removed'],
    [diff.changed.filter((c) => c.params.length).length, 're-configured'],
    [diff.changed.filter((c) => c.rewired).length, 're-wired'],
  ] as const;
  const text = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return text.length ? text.join(' · ') : diff.moved.length ? 'layout only' : 'no changes';
}

export function ChangeList({ title, lines }: { title: string; lines: string[] }) {
  return (
    <section aria-label={title} className="min-w-0 flex-1">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {lines.length ? (
        <ul className="mt-1 space-y-0.5 text-sm">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-500">No changes</p>
      )}
    </section>
  );
}
