import type { NodeDefinition, PortDef, PortKind } from './define-node';

const nouns: Record<PortKind, string> = {
  table: 'a table',
  split: 'a split',
  model: 'a model',
  metrics: 'metrics',
  comparison: 'a comparison',
};

const either = (kinds: readonly PortKind[]) => kinds.map((k) => nouns[k]).join(' or ');

/**
 * Why an output that carries `given` cannot feed `input`, and what would fix it, worded from the port
 * definitions so every node type explains itself: "Train needs a split, not a table: add a Train/test
 * split between Dataset and Train." `registry` is where a step that converts one kind into another is found.
 */
export function describePortMismatch(opts: {
  sourceName: string;
  given: readonly PortKind[];
  targetName: string;
  input: PortDef;
  targetInputs: number;
  registry: readonly NodeDefinition[];
}): string {
  const { sourceName, given, targetName, input, targetInputs, registry } = opts;
  const where = targetInputs > 1 ? `${targetName}'s ${input.label} input` : targetName;
  const head = `${where} needs ${either(input.kinds)}, not ${either(given)}`;
  // A step that turns what is given into what is needed, and not merely passes it through.
  const bridge = registry.find(
    (d) =>
      d.inputs.some((p) => p.kinds.some((k) => given.includes(k))) &&
      d.outputs.some((p) => p.kinds.some((k) => input.kinds.includes(k)) && !p.kinds.some((k) => given.includes(k))),
  );
  if (bridge) return `${head}: add a ${bridge.title} between ${sourceName} and ${targetName}.`;
  const producer = registry.find((d) => d.outputs.some((p) => p.kinds.length === 1 && input.kinds.includes(p.kinds[0]!)));
  const producerPort = producer?.outputs.find((p) => p.kinds.length === 1 && input.kinds.includes(p.kinds[0]!));
  return producer && producerPort ? `${head}: connect the ${producerPort.label} output of a ${producer.title} node to it.` : `${head}.`;
}
