import { UserError, type FittedStep } from './define-node';
import { getNodeType } from './registry';
import type { Table } from './table';
import type { UnseenValue } from './kernels/unseen-categories';

/**
 * Replays a model's fitted preprocessing on raw rows (e.g. a prediction request), in order. `unseen`, when
 * given, collects the categories an encoder among the steps never saw while fitting (see unseen-categories.ts).
 */
export function replayFittedSteps(table: Table, steps: readonly FittedStep[], unseen?: UnseenValue[]): Table {
  return steps.reduce((current, step) => {
    const def = getNodeType(step.type);
    if (!def?.applyFitted) {
      throw new UserError(`This model needs a '${step.type}' preprocessing step that this version of Pipewright cannot replay. Retrain the model or update Pipewright.`);
    }
    if (unseen && def.unseenValues) unseen.push(...def.unseenValues(current, step.state));
    return def.applyFitted(current, step.state);
  }, table);
}
