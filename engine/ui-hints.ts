import type { ColumnKind } from './table';

/**
 * UI hints attached to param fields with zod's `.meta()`; they survive `z.toJSONSchema`,
 * so the canvas form and GraphQL clients read the same description.
 *   column  : one column of the upstream table (optionally only numbers or categories)
 *   columns : several columns of the upstream table
 *   dataset : a bundled sample or an uploaded dataset
 *   expression : text in Pipewright's expression language, checked against the upstream schema
 */
export type UiHint =
  | { widget: 'column'; columnKind?: ColumnKind; port?: string }
  | { widget: 'columns'; columnKind?: ColumnKind; port?: string }
  | { widget: 'dataset' }
  | { widget: 'expression'; port?: string };

export const column = (opts: Omit<Extract<UiHint, { widget: 'column' }>, 'widget'> = {}): UiHint => ({ widget: 'column', ...opts });
export const columns = (opts: Omit<Extract<UiHint, { widget: 'columns' }>, 'widget'> = {}): UiHint => ({ widget: 'columns', ...opts });
export const dataset = (): UiHint => ({ widget: 'dataset' });
export const expression = (): UiHint => ({ widget: 'expression' });
