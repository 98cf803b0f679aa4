import type { FittedStep } from '../define-node';
import { getNodeType } from '../registry';

/**
 * Columns traced back through a model's fitted steps, last step first, each step saying which of its input
 * columns an output column is computed from: the raw columns they come from, in first-seen order, and the
 * titles of the steps that made them (in pipeline order). Undefined when a step's type does not say (one
 * this version does not know).
 */
export function traceColumns(names: readonly string[], fitted: readonly FittedStep[]): { sources: string[]; steps: string[] } | undefined {
  let needed = [...new Set(names)];
  const steps: string[] = [];
  for (let i = fitted.length - 1; i >= 0; i--) {
    const def = getNodeType(fitted[i]!.type);
    if (!def?.fittedSources) return undefined;
    if (def.fittedSources === 'inPlace') continue;
    const sourcesOf = def.fittedSources(fitted[i]!.state);
    const next = [...new Set(needed.flatMap((name) => sourcesOf(name)))];
    if ((next.length !== needed.length || next.some((name, k) => name !== needed[k])) && !steps.includes(def.title)) steps.unshift(def.title);
    needed = next;
  }
  return { sources: needed, steps };
}

/** The raw columns a model's predictions read: its features traced back; undefined when every column may be read. */
export function columnsRead(features: readonly string[], fitted: readonly FittedStep[]): Set<string> | undefined {
  const traced = traceColumns(features, fitted);
  return traced && new Set(traced.sources);
}
