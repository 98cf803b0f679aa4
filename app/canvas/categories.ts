import type { NodeCategory } from '../../engine/define-node';

/** Presentation of the registry's node categories (not of node types: those come from the registry). */
export const categoryOrder: readonly NodeCategory[] = ['fetch', 'validate', 'preprocess', 'train', 'evaluate'];

export const categoryStyle: Record<NodeCategory, { label: string; accent: string; soft: string; text: string; ring: string }> = {
  fetch: { label: 'Fetch', accent: 'bg-sky-500', soft: 'bg-sky-50', text: 'text-sky-700', ring: 'ring-sky-200' },
  validate: { label: 'Validate', accent: 'bg-amber-500', soft: 'bg-amber-50', text: 'text-amber-700', ring: 'ring-amber-200' },
  preprocess: { label: 'Preprocess', accent: 'bg-violet-500', soft: 'bg-violet-50', text: 'text-violet-700', ring: 'ring-violet-200' },
  train: { label: 'Train', accent: 'bg-emerald-500', soft: 'bg-emerald-50', text: 'text-emerald-700', ring: 'ring-emerald-200' },
  evaluate: { label: 'Evaluate', accent: 'bg-rose-500', soft: 'bg-rose-50', text: 'text-rose-700', ring: 'ring-rose-200' },
};

export function styleOfCategory(category: string) {
  return categoryStyle[category as NodeCategory] ?? categoryStyle.preprocess;
}
