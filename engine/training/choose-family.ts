import { requirementOf } from '../issue-text';
import { UserError } from '../define-node';
import { familiesFor, getModelFamily, MODEL_FAMILIES } from './model-families';
import type { ModelFamily, Task } from './model-family';

const WHAT: Record<Task, string> = { classification: 'categories', regression: 'numbers' };
const titles = (families: readonly ModelFamily[]) => families.map((f) => f.title).join(', ');

/** The picked family, or with none picked the first that learns the task; refuses one that cannot. */
export function chooseFamily(modelId: string | undefined, task: Task, target: string): ModelFamily {
  const offered = familiesFor(task);
  if (modelId === undefined) {
    if (!offered[0]) throw new UserError(`Train: no model type predicts ${WHAT[task]} yet, so target '${target}' cannot be learned. Pick another target.`, { column: target });
    return offered[0];
  }
  const family = getModelFamily(modelId);
  if (!family) throw new UserError(`Train: model type '${modelId}' does not exist. Pick one of ${titles(MODEL_FAMILIES)}.`);
  if (!family.tasks.includes(task)) {
    const other: Task = task === 'classification' ? 'regression' : 'classification';
    throw new UserError(
      `Train: ${family.title} predicts ${WHAT[other]}, but target '${target}' holds ${task === 'classification' ? 'text (categories)' : 'numbers'}. Pick a target that holds ${WHAT[other]}${offered.length ? `, or a model for ${task}: ${titles(offered)}` : ''}.`,
      { column: target },
    );
  }
  return family;
}

/** The family's hyperparameters with defaults filled in, or every zod complaint at once. */
export function parseHyperparameters(family: ModelFamily, raw: Record<string, unknown>): Record<string, unknown> {
  const parsed = family.params.safeParse(raw);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0];
    const title = typeof key === 'string' ? (family.params.shape[key]?.meta()?.title as string | undefined) ?? key : undefined;
    const field = title && `'${title}'${issue.path.length > 1 ? ` (${issue.path.slice(1).join(' ')})` : ''}`;
    const requirement = requirementOf(issue);
    if (requirement) return field ? `${field} ${requirement}` : `the settings ${requirement}`;
    return field ? `${field}: ${issue.message.replace(/\.$/, '')}` : issue.message.replace(/\.$/, '');
  });
  throw new UserError(`Train: ${family.title} settings are out of range: ${problems.join('; ')}.`);
}
