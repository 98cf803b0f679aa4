import { expect, test } from 'vitest';
import { describePortMismatch } from './port-mismatch';
import { getNodeType, nodeTypes } from './registry';

const input = (type: string, port: string) => getNodeType(type)!.inputs.find((p) => p.name === port)!;

test('a table into Train names the step that makes a split', () => {
  expect(describePortMismatch({ sourceName: 'Dataset', given: ['table'], targetName: 'Train', input: input('train', 'data'), targetInputs: 1, registry: nodeTypes })).toBe(
    'Train needs a split, not a table: add a Train/test split between Dataset and Train.',
  );
});

test('with no step in between, it names where the needed kind comes from, and which input of several', () => {
  expect(describePortMismatch({ sourceName: 'Dataset', given: ['table'], targetName: 'Evaluate', input: input('evaluate', 'model'), targetInputs: 2, registry: nodeTypes })).toBe(
    "Evaluate's Model input needs a model, not a table: connect the Model output of a Train node to it.",
  );
});
