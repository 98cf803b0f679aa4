import { UserError, type FittedStep } from '../define-node';
import type { ImputeState } from '../kernels/impute';
import { MANY_VALUES } from '../nodes/train-features';
import { looksNumeric } from '../io/numeric-text';

/**
 * Targets a model cannot learn, caught as early as the information allows: from the edit-time schema
 * (its category values) when it can, else from the training rows (the preview's sample, then the run).
 */

function numbersAsText(target: string, values: readonly string[]): string {
  const shown = values.slice(0, 3).map((v) => `'${v}'`).join(', ');
  return `Target '${target}' holds text whose values read as numbers (${shown}…). To predict a number, convert it with Cast columns (to number) before the Split.`;
}

/**
 * Edit time, from the schema's category values: a text target that is really numbers, when a
 * regression model is picked, or when no model is picked and taking it as classes would give a class
 * per few rows. A classifier picked by hand says the user wants classes (ZIP codes, product codes).
 */
export function checkTextTarget(target: string, categories: readonly string[] | undefined, picked: 'regression' | 'classification' | 'none'): void {
  if (!categories || !looksNumeric(categories)) return;
  if (picked === 'regression') throw new UserError(`Train: the model predicts numbers, but ${numbersAsText(target, categories)}`, { column: target });
  if (picked === 'none' && categories.length >= MANY_VALUES) {
    throw new UserError(`Train: taken as text, '${target}' would be ${categories.length}+ classes. ${numbersAsText(target, categories)}`, { column: target });
  }
}

/**
 * Training rows: at least two classes, and on average at least two rows per class; a class seen once
 * cannot be learned, and a target with (nearly) a class per row is an ID, a name or numbers as text.
 */
export function checkClasses(target: string, classes: readonly string[], rows: number): void {
  if (classes.length < 2) {
    throw new UserError(`Train: target '${target}' has one class only ('${classes[0]}') in the training rows; at least 2 are needed to learn anything. Pick another target or check the Split.`, { column: target });
  }
  if (classes.length * 2 > rows) {
    const fix = looksNumeric(classes)
      ? numbersAsText(target, classes)
      : 'Pick a target with fewer classes (an ID or a name cannot be learned), group rare classes upstream, or train on more rows.';
    throw new UserError(`Train: target '${target}' has ${classes.length} classes among ${rows} training rows, fewer than 2 rows per class to learn each from. ${fix}`, { column: target });
  }
}

/**
 * Training rows: a target Impute filled is made up, mean or most frequent value in place of each label it
 * lacked, and the model would learn those and be scored on them. Train skips rows without a target by
 * itself, so the fix is only to leave the target to it.
 */
export function checkImputedTarget(target: string, fitted: readonly FittedStep[]): void {
  for (const step of fitted) {
    if (step.type !== 'impute') continue;
    const fill = (step.state as ImputeState).fills.find((f) => f.column === target);
    if (!fill?.missing) continue;
    const value = typeof fill.value === 'number' && fill.kind === 'number' ? Number(fill.value.toPrecision(4)) : `'${fill.value}'`;
    throw new UserError(
      `Train: Impute filled the ${fill.missing} row${fill.missing === 1 ? '' : 's'} it learned from that had no '${target}' with ${value}, so the model would learn made-up targets and be scored on them. In Impute, add '${target}' to 'Leave out': Train skips rows without a target by itself.`,
      { column: target },
    );
  }
}
