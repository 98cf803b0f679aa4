import { z } from 'zod';
import type { NodeDefinition } from '../../engine/define-node';
import type { ColumnKind } from '../../engine/table';
import { humanize, type ForTask, type ShownWhen } from '../../engine/ui-hints';

/** The subset of JSON Schema the generic form understands (zod's toJSONSchema output, plus UI hints). */
export type ParamSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: ParamSchema[];
  oneOf?: ParamSchema[];
  items?: ParamSchema;
  properties?: Record<string, ParamSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  widget?: 'column' | 'columns' | 'dataset' | 'expression' | 'values' | 'model' | 'hyperparameters';
  /** For `values`: the sibling field holding the column whose categories are offered; for `hyperparameters`, the model field. */
  of?: string;
  /** For `model` and `hyperparameters`: the sibling field holding the target column, whose kind gives the task. */
  target?: string;
  columnKind?: ColumnKind;
  port?: string;
  ordered?: boolean;
  /** `columns`: the sibling field naming a column this picker does not offer. */
  except?: string;
  /** Shown only while the sibling `field` holds `value` (engine/ui-hints.ts). */
  shownWhen?: ShownWhen;
  /** Hidden while the sibling target column gives another task (engine/ui-hints.ts). */
  forTask?: ForTask;
  [key: string]: unknown;
};

const cache = new WeakMap<object, ParamSchema>();

/** The params schema of a node type as JSON Schema (input side, so defaults are optional). */
export function paramSchemaOf(def: NodeDefinition): ParamSchema {
  let schema = cache.get(def.params);
  if (!schema) {
    try {
      schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as ParamSchema;
    } catch {
      schema = { type: 'object', properties: {} };
    }
    cache.set(def.params, schema);
  }
  return schema;
}

export function defaultParams(def: NodeDefinition): Record<string, unknown> {
  const parsed = def.params.safeParse({});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(paramSchemaOf(def).properties ?? {})) {
    if (prop.default !== undefined) out[key] = structuredClone(prop.default);
  }
  return out;
}

/** `testFraction` / `test_fraction` → "Test fraction". */

export function titleOf(key: string, prop: ParamSchema) {
  return prop.title ?? humanize(key);
}

/** Enum-like choices: `enum`, or a union of `const`s. */
export function choicesOf(prop: ParamSchema): unknown[] | undefined {
  if (prop.enum) return prop.enum;
  const alts = prop.anyOf ?? prop.oneOf;
  if (alts && alts.length > 0 && alts.every((a) => a.const !== undefined || a.enum)) {
    return alts.flatMap((a) => (a.const !== undefined ? [a.const] : a.enum ?? []));
  }
  return undefined;
}

export function typeOf(prop: ParamSchema): string | undefined {
  const t = Array.isArray(prop.type) ? prop.type.find((x) => x !== 'null') : prop.type;
  if (t) return t;
  const alt = (prop.anyOf ?? prop.oneOf)?.find((a) => a.type && a.type !== 'null');
  return alt ? typeOf(alt) : undefined;
}

/** One alternative of a discriminated union of objects (e.g. a rule kind), keyed by its `const`. */
export type Variant = { value: string; title: string; schema: ParamSchema };

/**
 * The alternatives of a union of objects told apart by one property holding a `const` in each (zod's
 * discriminatedUnion), with that property's name; undefined for a plain object schema.
 */
export function variantsOf(prop: ParamSchema): { key: string; variants: Variant[] } | undefined {
  const alts = prop.oneOf ?? prop.anyOf;
  const first = alts?.[0]?.properties;
  if (!alts || !first) return undefined;
  const key = Object.keys(first).find((k) => alts.every((a) => typeof a.properties?.[k]?.const === 'string'));
  if (!key) return undefined;
  return {
    key,
    variants: alts.map((a) => {
      const value = a.properties![key]!.const as string;
      const { [key]: _discriminator, ...rest } = a.properties!;
      return { value, title: a.title ?? a.properties![key]!.title ?? humanize(value), schema: { ...a, properties: rest } };
    }),
  };
}

/** A fresh object for a schema: each field's default, or an enum's first choice. */
export function blankOf(schema: ParamSchema): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).flatMap(([k, p]) => (p.default !== undefined ? [[k, structuredClone(p.default)]] : choicesOf(p) ? [[k, choicesOf(p)![0]]] : [])),
  );
}
