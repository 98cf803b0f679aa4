import type { FittedStep } from '../define-node';
import { getNodeType } from '../registry';

/**
 * The raw columns a model's predictions read: its features traced back through its fitted steps, last
 * step first, each step saying which of its input columns an output column is computed from. Undefined
 * when a step's type does not say (one this version does not know): then every column may be read.
 */
export function columnsRead(features: readonly string[], fitted: readonly FittedStep[]): Set<string> | undefined {
  let needed = new Set(features);
  for (let i = fitted.length - 1; i >= 0; i--) {
    const step = fitted[i]!;
    const sources = getNodeType(step.type)?.fittedSources;
    if (!sources) return undefined;
    if (sources === 'inPlace') continue;
    const sourcesOf = sources(step.state);
    const next = new Set<string>();
    for (const name of needed) for (const source of sourcesOf(name)) next.add(source);
    needed = next;
  }
  return needed;
}
