import { describe, expect, it } from 'vitest';
import type { ModelValue, SplitValue } from '../define-node';
import { getNodeType } from '../registry';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';
import { loadTf } from '../training/load-tf';

const train = getNodeType('train')!;
const evaluate = getNodeType('evaluate')!;

describe('a worker training again and again', () => {
  it('keeps the TensorFlow.js tensor count flat across 20 Train (with cross-validation), Evaluate and cancelled Train runs of a neural network', async () => {
    const x = Array.from({ length: 60 }, (_, i) => i / 6);
    const table = makeTable({ x, z: x.map((v) => Math.sin(v)), y: x.map((v) => (v > 5 ? 'hi' : 'lo')) });
    const split: SplitValue = { kind: 'split', train: table, test: table, fitted: [] };
    const once = async (seed: number) => {
      const params = train.params.parse({ target: 'y', model: 'neural_network', seed, crossValidation: 2, validationFraction: 0.2, hyperparameters: { epochs: 2 } });
      const { model } = await train.run({ data: split }, params, createTestContext());
      await evaluate.run({ model: model as ModelValue, data: split }, evaluate.params.parse({ permutationRepeats: 1 }), createTestContext());
      // And one cancelled at its second epoch, which must free what it had built too.
      const controller = new AbortController();
      const ctx = { ...createTestContext(), signal: controller.signal, metric: (name: string, _v: number, step?: number) => void (name === 'loss' && step === 2 && controller.abort(new Error('Run cancelled.'))) };
      await expect(train.run({ data: split }, train.params.parse({ target: 'y', model: 'neural_network', seed, hyperparameters: { epochs: 50 } }), ctx)).rejects.toThrow('Run cancelled.');
    };
    const tf = await loadTf();
    await once(0);
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 20; i++) await once(i);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
