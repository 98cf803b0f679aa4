import type { z } from 'zod';
import type { NodeDefinition } from './define-node';
import type { GraphNode } from './graph-types';
import { requirementOf } from './issue-text';
import { humanize, isFieldShown, type ShownWhen } from './ui-hints';

/** The name the user gave a node, if any. */
export function labelOf(node: GraphNode): string | undefined {
  return node.label?.trim() || undefined;
}

/** Which name to show for a node in messages: its label, else its type's title, else its raw type. */
export function nameNode(node: GraphNode, def: NodeDefinition | undefined): string {
  return labelOf(node) || def?.title || node.type;
}

/** Whether a message already opens with the node's name ("Train: …", "Train, 'Seed' …", "Train leaves out …"). */
export function opensWithName(message: string, name: string): boolean {
  return message.startsWith(name) && /^([:, ]|$)/.test(message.slice(name.length));
}

export type ParamsResult = { ok: true; params: Record<string, unknown> } | { ok: false; messages: string[] };

/** Migrates params saved by an older node version, then validates them; messages name the field. */
export function resolveNodeParams(node: GraphNode, def: NodeDefinition): ParamsResult {
  const name = nameNode(node, def);
  if (node.version > def.version) {
    return { ok: false, messages: [`${name} was saved by a newer version of Pipewright (step version ${node.version}; this server knows up to ${def.version}). Update Pipewright to run it.`] };
  }
  const raw = node.version < def.version && def.migrate ? def.migrate(node.params, node.version) : node.params;
  const parsed = def.params.safeParse(withoutHiddenFields(def.params, raw));
  if (parsed.success) return { ok: true, params: parsed.data };
  return { ok: false, messages: parsed.error.issues.map((issue) => describeIssue(name, def, raw, issue)) };
}

/**
 * The params without the fields their form hides (a `shownWhen` hint whose sibling holds another value,
 * engine/ui-hints.ts): those take their defaults, so a half-made condition left behind after switching
 * Filter to an expression neither fails the node nor shapes its output.
 */
function withoutHiddenFields(params: z.ZodObject, raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const shape = params.shape as Record<string, z.ZodType>;
  const defaultOf = (field: string) => shape[field]?.safeParse(undefined).data;
  let kept = raw as Record<string, unknown>;
  for (const [key, field] of Object.entries(shape)) {
    const hint = (field.meta() as { shownWhen?: ShownWhen } | undefined)?.shownWhen;
    if (key in kept && !isFieldShown(hint, kept, defaultOf)) {
      kept = { ...kept };
      delete kept[key];
    }
  }
  return kept;
}

function describeIssue(nodeName: string, def: NodeDefinition, raw: unknown, issue: z.core.$ZodIssue): string {
  const names = fieldNames(def.params, raw, issue.path);
  // The field by the label its form shows; the list entries holding it as the form counts them ("Rule 2").
  const field = names.pop() ?? 'settings';
  const within = names.length > 0 ? `, ${names.map((n) => n.charAt(0).toLowerCase() + n.slice(1)).join(', ')}` : '';
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${nodeName}${within}: fill in '${field}'.`;
  const requirement = requirementOf(issue);
  if (requirement) return `${nodeName}${within}, '${field}' ${requirement}.`;
  return `${nodeName}${within}, '${field}': ${issue.message.endsWith('.') ? issue.message : `${issue.message}.`}`;
}

type SchemaNode = {
  def: { type: string; innerType?: SchemaNode; element?: SchemaNode; options?: SchemaNode[]; discriminator?: string; shape?: Record<string, SchemaNode>; values?: unknown[] };
  meta(): unknown;
};

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
function fieldNames(params: z.ZodObject, raw: unknown, path: readonly PropertyKey[]): string[] {
  const names: string[] = [];
  let schema: SchemaNode | undefined = params as unknown as SchemaNode;
  let value = raw;
  for (const key of path) {
    const holder = unwrap(schema);
    const entry = value as Record<PropertyKey, unknown> | undefined;
    if (typeof key === 'number' && holder?.def.type === 'array') {
      schema = holder.def.element;
      names[names.length - 1] = `${titleOf(schema) ?? 'Item'} ${key + 1}`;
    } else if (typeof key === 'string') {
      // A union's options are objects: the one this entry is (its discriminator's value), else the first with the field.
      const options = (holder?.def.options ?? (holder ? [holder] : [])).map(unwrap);
      const discriminator = holder?.def.discriminator;
      const chosen = discriminator ? options.find((o) => o?.def.shape?.[discriminator]?.def.values?.includes(entry?.[discriminator])) : undefined;
      schema = (chosen ?? options.find((o) => o?.def.shape?.[key]))?.def.shape?.[key];
      names.push(titleOf(schema) ?? humanize(key));
    } else {
      names.push(String(key));
    }
    value = entry?.[key];
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
