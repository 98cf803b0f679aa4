import { z } from 'zod';
import type { NodeDefinition, PortDef } from './define-node';
import { binNode } from './nodes/bin';
import { castColumnsNode } from './nodes/cast-columns';
import { clipNode } from './nodes/clip';
import { compareNode } from './nodes/compare';
import { concatRowsNode } from './nodes/concat-rows';
import { datasetNode } from './nodes/dataset';
import { datePartsNode } from './nodes/date-parts';
import { deduplicateNode } from './nodes/deduplicate';
import { deriveNode } from './nodes/derive';
import { dropColumnsNode } from './nodes/drop-columns';
import { evaluateNode } from './nodes/evaluate';
import { fetchUrlNode } from './nodes/fetch-url';
import { filterNode } from './nodes/filter';
import { frequencyEncodeNode } from './nodes/frequency-encode';
import { groupByNode } from './nodes/group-by';
import { imputeNode } from './nodes/impute';
import { joinNode } from './nodes/join';
import { oneHotNode } from './nodes/one-hot';
import { ordinalEncodeNode } from './nodes/ordinal-encode';
import { renameColumnsNode } from './nodes/rename-columns';
import { sampleRowsNode } from './nodes/sample-rows';
import { selectColumnsNode } from './nodes/select-columns';
import { sortNode } from './nodes/sort';
import { splitNode } from './nodes/split';
import { standardScaleNode } from './nodes/standard-scale';
import { targetEncodeNode } from './nodes/target-encode';
import { textCleanNode } from './nodes/text-clean';
import { trainNode } from './nodes/train';
import { validateNode } from './nodes/validate';

/** The only list of node types. The canvas palette, preview, worker and GraphQL all read it. */
export const nodeTypes: readonly NodeDefinition[] = [
  datasetNode,
  validateNode,
  fetchUrlNode,
  imputeNode,
  oneHotNode,
  ordinalEncodeNode,
  frequencyEncodeNode,
  targetEncodeNode,
  standardScaleNode,
  clipNode,
  binNode,
  textCleanNode,
  filterNode,
  deriveNode,
  selectColumnsNode,
  dropColumnsNode,
  renameColumnsNode,
  castColumnsNode,
  deduplicateNode,
  sortNode,
  sampleRowsNode,
  datePartsNode,
  joinNode,
  groupByNode,
  concatRowsNode,
  splitNode,
  trainNode,
  evaluateNode,
  compareNode,
];

const byType = new Map(nodeTypes.map((def) => [def.type, def]));

export function getNodeType(type: string): NodeDefinition | undefined {
  return byType.get(type);
}

export type NodeTypeDescription = {
  type: string;
  version: number;
  title: string;
  category: NodeDefinition['category'];
  description: string;
  inputs: readonly PortDef[];
  outputs: readonly PortDef[];
  /** JSON Schema of the params, UI hints included (zod `.meta()` survives the conversion). */
  paramsSchema: Record<string, unknown>;
  /** Params of a freshly dropped node: the schema's defaults (fields without one are left out). */
  defaults: Record<string, unknown>;
};

export function describeNodeTypes(): NodeTypeDescription[] {
  return nodeTypes.map((def) => ({
    type: def.type,
    version: def.version,
    title: def.title,
    category: def.category,
    description: def.description,
    inputs: def.inputs,
    outputs: def.outputs,
    paramsSchema: z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    defaults: readDefaults(def),
  }));
}

function readDefaults(def: NodeDefinition): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(def.params.shape)) {
    const parsed = (field as z.ZodType).safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) defaults[key] = parsed.data;
  }
  return defaults;
}
