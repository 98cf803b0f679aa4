import { z } from 'zod';
import type { ModelFamily } from './model-family';

const layer = z
  .object({
    units: z.number().int().min(1).max(4096).default(64).meta({ title: 'Units' }),
    activation: z.enum(['relu', 'tanh', 'sigmoid']).default('relu').meta({ title: 'Activation' }),
  })
  .meta({ title: 'Layer' });

export const neuralNetworkParams = z.object({
  hiddenLayers: z
    .array(layer)
    .min(1, 'Add at least one hidden layer.')
    .max(10, 'Use at most 10 hidden layers.')
    .default([
      { units: 64, activation: 'relu' },
      { units: 64, activation: 'relu' },
    ])
    .meta({ title: 'Hidden layers', description: 'From the input side. Two layers of 64 ReLU units by default.' }),
  dropout: z.number().min(0).max(0.9).default(0).meta({ title: 'Dropout', description: 'Share of each hidden layer’s units dropped at random while training (0 for none); the masks follow the seed, so runs stay reproducible.' }),
  epochs: z.number().int().min(1).max(10_000).default(200).meta({ title: 'Epochs', description: 'At most this many passes over the training rows; training stops earlier once the loss stops improving.' }),
  patience: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(10)
    .meta({ title: 'Early stopping patience', description: 'Stop after this many epochs without the loss improving by 0.0001 (the validation loss when a validation fraction is set), as scikit-learn’s n_iter_no_change.' }),
  batchSize: z.number().int().min(1).max(65_536).optional().meta({ title: 'Batch size', description: 'Rows per gradient step. Empty: 200, or every row when there are fewer (as scikit-learn).' }),
  learningRate: z.number().positive('The learning rate must be above 0.').max(10).default(0.001).meta({ title: 'Learning rate' }),
  optimizer: z.enum(['adam', 'sgd', 'rmsprop']).default('adam').meta({ title: 'Optimizer', description: 'sgd uses Nesterov momentum 0.9, as scikit-learn.' }),
  alpha: z.number().min(0).max(10).default(0.0001).meta({ title: 'L2 penalty (alpha)', description: 'Weight decay, scaled as scikit-learn’s alpha.' }),
});
export type NeuralNetworkParams = z.output<typeof neuralNetworkParams>;

/**
 * A multilayer perceptron on TensorFlow.js (softmax output for classes, linear output with squared error
 * for numbers). Features are standardised inside the model, so users need not scale them. TensorFlow is
 * loaded only when fitting or predicting: this definition also reaches the browser's form.
 */
export const neuralNetwork: ModelFamily<typeof neuralNetworkParams> = {
  id: 'neural_network',
  title: 'Neural network',
  description: 'A multilayer perceptron (dense layers) trained with Adam; slower to fit than the others but learns smooth non-linear shapes.',
  tasks: ['classification', 'regression'],
  params: neuralNetworkParams,
  async fit(data, params, callbacks) {
    const { fitNeuralNetwork } = await import('./neural-network-fit');
    return fitNeuralNetwork(data, params, callbacks);
  },
  async predict(artifact, columns, rows) {
    const { predictNeuralNetwork } = await import('./neural-network-fit');
    return predictNeuralNetwork(artifact, columns, rows);
  },
};
