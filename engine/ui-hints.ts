/**
 * UI hints attached to param fields with zod's `.meta()`; they survive `z.toJSONSchema`,
 * so the canvas form and GraphQL clients read the same description.
 *   column  : one column of the upstream table (optionally only numbers or categories)
 *   columns : several columns of the upstream table
 *   dataset : a bundled sample or an uploaded dataset
 */
export type UiHint =
  | { widget: 'column'; columnKind?: 'number' | 'category'; port?: string }
  | { widget: 'columns'; columnKind?: 'number' | 'category'; port?: string }
  | { widget: 'dataset' };

export const column = (opts: Omit<Extract<UiHint, { widget: 'column' }>, 'widget'> = {}): UiHint => ({ widget: 'column', ...opts });
export const columns = (opts: Omit<Extract<UiHint, { widget: 'columns' }>, 'widget'> = {}): UiHint => ({ widget: 'columns', ...opts });
export const dataset = (): UiHint => ({ widget: 'dataset' });
