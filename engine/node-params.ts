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
  const key = issue.path[0];
  const field = typeof key === 'string' ? def.params.shape[key] : undefined;
  const title = (field?.meta() as { title?: string } | undefined)?.title ?? (issue.path.length > 0 ? issue.path.join('.') : 'settings');
  const where = issue.path.length > 1 ? `${title} (${issue.path.slice(1).join('.')})` : title;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${nodeName}: fill in '${where}'.`;
  return `${nodeName}, '${where}': ${issue.message.endsWith('.') ? issue.message : `${issue.message}.`}`;
}

/** The params that decide a node's outputs: all but its `afterRunParams` (the one rule for content keys and staleness). */
export function outputShapingParams(params: Record<string, unknown>, def: NodeDefinition | undefined): Record<string, unknown> {
  if (!def?.afterRunParams?.length) return params;
  const shaping = { ...params };
  for (const name of def.afterRunParams) delete shaping[name];
  return shaping;
}
