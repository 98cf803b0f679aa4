import type { ColumnKind } from './table';

/**
 * UI hints attached to param fields with zod's `.meta()`; they survive `z.toJSONSchema`,
 * so the canvas form and GraphQL clients read the same description.
 *   column  : one column of the upstream table (optionally only numbers or categories)
 *   columns : several columns of the upstream table; `ordered` when their order changes the result
 *             (Select columns' output order, Group-by's key columns), so the picker lets users reorder them;
 *             `except`: a sibling field naming a column not to offer (Train's target among its features)
 *   dataset : a bundled sample or an uploaded dataset
 *   expression : text in Pipewright's expression language, checked against the upstream schema
 *   values  : several values of a category column, the one picked in the sibling field named `of`
 *   url     : an http(s) address the host fetches (a dataset from outside, like `dataset`)
 *   model   : a model family (engine/training/model-families.ts) that learns the task of the sibling `target` column
 *   hyperparameters : an object of the chosen family's params (sibling field `of`), as that family's zod schema describes them
 * A field may also carry `shownWhen` (shownWhen() below): the form shows it only while a sibling field
 * has one value, as Filter's expression only when filtering by expression; or `forTask` (forTask() below).
 */
export type UiHint =
  | { widget: 'column'; columnKind?: ColumnKind; port?: string }
  | { widget: 'columns'; columnKind?: ColumnKind; port?: string; ordered?: boolean; except?: string }
  | { widget: 'dataset' }
  | { widget: 'expression'; port?: string }
  | { widget: 'values'; of: string; port?: string }
  | { widget: 'url' }
  | { widget: 'model'; target: string }
  | { widget: 'hyperparameters'; of: string; target: string };

export const column = (opts: Omit<Extract<UiHint, { widget: 'column' }>, 'widget'> = {}): UiHint => ({ widget: 'column', ...opts });
export const columns = (opts: Omit<Extract<UiHint, { widget: 'columns' }>, 'widget'> = {}): UiHint => ({ widget: 'columns', ...opts });
export const dataset = (): UiHint => ({ widget: 'dataset' });
export const expression = (): UiHint => ({ widget: 'expression' });
export const values = (of: string): UiHint => ({ widget: 'values', of });
export const url = (): UiHint => ({ widget: 'url' });
export const modelPicker = (target: string): UiHint => ({ widget: 'model', target });
export const hyperparameters = (of: string, target: string): UiHint => ({ widget: 'hyperparameters', of, target });

export type ShownWhen = { field: string; value: unknown };

/** A field that means something for one task only (Train's class weights): the form hides it while the sibling `target` column gives the other. */
export type ForTask = { task: 'classification' | 'regression'; target: string };
export const forTask = (task: ForTask['task'], target: string): { forTask: ForTask } => ({ forTask: { task, target } });

/** Shown only while the sibling field `field` is `value` (its default counts); spread beside a widget hint or alone. */
export const shownWhen = (field: string, value: string): { shownWhen: ShownWhen } => ({ shownWhen: { field, value } });

/**
 * Whether a field is shown, and so validated and used: the one rule the form (on the JSON schema) and
 * resolveNodeParams (on the zod schema) both apply. An unset sibling counts as its default.
 */
export function isFieldShown(hint: ShownWhen | undefined, siblings: Record<string, unknown>, defaultOf: (field: string) => unknown): boolean {
  return !hint || (siblings[hint.field] ?? defaultOf(hint.field)) === hint.value;
}

/** A field without a title as its form labels it, and messages name it: `max_depth` → "Max depth". */
export function humanize(key: string) {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
