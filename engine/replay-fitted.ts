import { UserError, type FittedStep } from './define-node';
import { getNodeType } from './registry';
import type { Table } from './table';

/** Replays a model's fitted preprocessing on raw rows (e.g. a prediction request), in order. */
export function replayFittedSteps(table: Table, steps: readonly FittedStep[]): Table {
  return steps.reduce((current, step) => {
    const def = getNodeType(step.type);
    if (!def?.applyFitted) {
      throw new UserError(`This model needs a '${step.type}' preprocessing step that this version of Pipewright cannot replay. Retrain the model or update Pipewright.`);
    }
    return def.applyFitted(current, step.state);
  }, table);
}
