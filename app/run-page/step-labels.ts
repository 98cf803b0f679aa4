import { getNodeType } from '../../engine/registry';
import { getModelFamily } from '../../engine/training/model-families';
import type { PipelineGraph } from '../../engine/graph-types';

/**
 * Each step's name on the run page: its label, else its type's title. Steps that would share a name (the four
 * Train nodes of a model comparison) are told apart by their model ("Train · Random forest"), else by their
 * place among the namesakes ("Impute (2)", as Compare numbers namesake models), so the timeline's rows and the step details say which one they are.
 */
export function stepLabels(graph: Pick<PipelineGraph, 'nodes'>): Map<string, string> {
  const base = graph.nodes.map((n) => n.label || getNodeType(n.type)?.title || n.id);
  const count = new Map<string, number>();
  for (const label of base) count.set(label, (count.get(label) ?? 0) + 1);
  const withModel = graph.nodes.map((n, i) => {
    if (count.get(base[i]!)! < 2) return base[i]!;
    const model = typeof n.params?.model === 'string' ? getModelFamily(n.params.model)?.title : undefined;
    return model ? `${base[i]} · ${model}` : base[i]!;
  });
  // Namesakes left after the models (two random forests, two Impute steps) get their place in graph order.
  const left = new Map<string, number>();
  for (const label of withModel) left.set(label, (left.get(label) ?? 0) + 1);
  const seen = new Map<string, number>();
  return new Map(
    graph.nodes.map((n, i) => {
      const label = withModel[i]!;
      if (left.get(label)! < 2) return [n.id, label];
      const place = (seen.get(label) ?? 0) + 1;
      seen.set(label, place);
      return [n.id, `${label} (${place})`];
    }),
  );
}
