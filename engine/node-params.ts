import type { z } from 'zod';
import type { NodeDefinition } from './define-node';
import type { GraphNode } from './graph-types';

/** The name the user gave a node, if any. */
export function labelOf(node: GraphNode): string | undefined {
  return node.label?.trim() || undefined;
}

/** Which name to show for a node in messages: its label, else its type's title, else its raw type. */
export function nameNode(node: GraphNode, def: NodeDefinition | undefined): string {
  return labelOf(node) || def?.title || node.type;
}

export type ParamsResult = { ok: true; params: Record<string, unknown> } | { ok: false; messages: string[] };

/** Migrates params saved by an older node version, then validates them; messages name the field. */
export function resolveNodeParams(node: GraphNode, def: NodeDefinition): ParamsResult {
  const name = nameNode(node, def);
  if (node.version > def.version) {
    return { ok: false, messages: [`${name} was saved by a newer version of Pipewright (step version ${node.version}; this server knows up to ${def.version}). Update Pipewright to run it.`] };
  }
  const raw = node.version < def.version && def.migrate ? def.migrate(node.params, node.version) : node.params;
  const parsed = def.params.safeParse(raw);
  if (parsed.success) return { ok: true, params: parsed.data };
  return { ok: false, messages: parsed.error.issues.map((issue) => describeIssue(name, def, issue)) };
}

function describeIssue(nodeName: string, def: NodeDefinition, issue: z.core.$ZodIssue): string {
  const names = fieldNames(def.params, issue.path);
  // The field by the label its form shows; the list entries holding it as the form counts them ("Rule 2").
  const field = names.pop() ?? 'settings';
  const within = names.length > 0 ? `, ${names.join(', ').toLowerCase()}` : '';
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${nodeName}${within}: fill in '${field}'.`;
  return `${nodeName}${within}, '${field}': ${issue.message.endsWith('.') ? issue.message : `${issue.message}.`}`;
}

type SchemaNode = { def: { type: string; innerType?: SchemaNode; element?: SchemaNode; options?: SchemaNode[]; shape?: Record<string, SchemaNode> }; meta(): unknown };

const titleOf = (schema: SchemaNode | undefined) => (schema?.meta() as { title?: string } | undefined)?.title;

/** Past defaults, optionals and the like to the schema that holds the fields or items. */
function unwrap(schema: SchemaNode | undefined): SchemaNode | undefined {
  let s = schema;
  while (s?.def.innerType) s = s.def.innerType;
  return s;
}

/**
 * An issue's path as the form labels it: each field by its title, each list entry as its item's title and
 * number from 1 with the list's own title left out ("Rule 2, Column", not "Rules (1.column)").
 */
function fieldNames(params: z.ZodObject, path: readonly PropertyKey[]): string[] {
  const names: string[] = [];
  let schema: SchemaNode | undefined = params as unknown as SchemaNode;
  for (const key of path) {
    const holder = unwrap(schema);
    if (typeof key === 'number' && holder?.def.type === 'array') {
      schema = holder.def.element;
      names[names.length - 1] = `${titleOf(schema) ?? 'Item'} ${key + 1}`;
    } else if (typeof key === 'string') {
      // A union's options are objects: the one that has this field.
      const options = holder?.def.options ?? (holder ? [holder] : []);
      schema = options.map((o) => unwrap(o)?.def.shape?.[key]).find(Boolean);
      names.push(titleOf(schema) ?? key);
    } else {
      names.push(String(key));
    }
  }
  return names;
}

/** The params that decide a node's outputs: all but its `afterRunParams` (the one rule for content keys and staleness). */
export function outputShapingParams(params: Record<string, unknown>, def: NodeDefinition | undefined): Record<string, unknown> {
  if (!def?.afterRunParams?.length) return params;
  const shaping = { ...params };
  for (const name of def.afterRunParams) delete shaping[name];
  return shaping;
}
