import { UserError, type ModelValue } from '../define-node';
import type { ModelArtifact } from './model-family';

/**
 * Models saved by Train v1: TensorFlow.js logistic regression, one softmax Dense layer on the raw
 * features, its artifact the layers model as saved (`topology`, `weightSpecs`, `weights` as a number
 * list: the kernel, features × classes row-major, then the bias), its history `{ epoch, loss, accuracy }`.
 * That layer is multinomial logistic regression, so its weights become the logistic_regression
 * family's exactly (a two-class softmax as the sigmoid of the score difference). Whatever does not map
 * (another topology) is left as it was, and predicting with it asks for a retrain. v1 kept no feature
 * spread, so a converted model has no `featureStd` and no built-in importance (permutation importance works).
 */
type V1Artifact = { topology: unknown; weightSpecs: unknown; weights: unknown };
type WeightSpec = { name?: unknown; shape?: unknown };

const RETRAIN = 'Retrain this model: it was trained by an older version of Pipewright (Train v1) in a form this version cannot read.';

export function isTrainV1Artifact(artifact: unknown): artifact is V1Artifact {
  return typeof artifact === 'object' && artifact !== null && 'topology' in artifact && 'weightSpecs' in artifact && Array.isArray((artifact as V1Artifact).weights);
}

/** The model with a v1 artifact and history in today's shapes; any other model unchanged. */
export function upgradeTrainV1Model(model: ModelValue): ModelValue {
  if (model.algorithm !== 'logistic_regression' || !isTrainV1Artifact(model.artifact)) return model;
  const artifact = convertArtifact(model.artifact, model.features.length, model.classes.length);
  if (!artifact) return model;
  const history = (model.history as unknown as { epoch?: number; step?: number; loss: number; accuracy?: number }[]).map(({ epoch, step, loss, accuracy }) => ({
    step: step ?? epoch ?? 0,
    loss,
    ...(typeof accuracy === 'number' ? { metric: accuracy } : {}),
  }));
  return { ...model, artifact, history, hyperparameters: model.hyperparameters ?? {} };
}

/** Throws the retrain message for a model whose v1 artifact could not be converted. */
export function refuseTrainV1Artifact(model: ModelValue): void {
  if (isTrainV1Artifact(model.artifact)) throw new UserError(RETRAIN);
}

function convertArtifact(v1: V1Artifact, features: number, classes: number): ModelArtifact | undefined {
  const specs = Array.isArray(v1.weightSpecs) ? (v1.weightSpecs as WeightSpec[]) : [];
  const weights = v1.weights as unknown[];
  const [kernelSpec, biasSpec] = specs;
  const fits =
    specs.length === 2 &&
    sameShape(kernelSpec?.shape, [features, classes]) &&
    sameShape(biasSpec?.shape, [classes]) &&
    weights.length === features * classes + classes &&
    weights.every((w) => typeof w === 'number' && Number.isFinite(w)) &&
    classes >= 2 &&
    isSingleSoftmaxDense(v1.topology);
  if (!fits) return undefined;
  const kernel = weights as number[];
  const bias = kernel.slice(features * classes);
  if (classes === 2) {
    // softmax(z₀, z₁)₁ = sigmoid(z₁ − z₀): one output, as the family stores binary models.
    const w = Float64Array.from({ length: features }, (_, j) => kernel[j * 2 + 1]! - kernel[j * 2]!);
    return { classes, weights: w, intercepts: Float64Array.of(bias[1]! - bias[0]!) };
  }
  const w = new Float64Array(classes * features);
  for (let k = 0; k < classes; k++) for (let j = 0; j < features; j++) w[k * features + j] = kernel[j * classes + k]!;
  return { classes, weights: w, intercepts: Float64Array.from(bias) };
}

function sameShape(shape: unknown, expected: number[]): boolean {
  return Array.isArray(shape) && shape.length === expected.length && shape.every((n, i) => n === expected[i]);
}

/** Keras JSON of a Sequential model holding one Dense softmax layer with a bias. */
function isSingleSoftmaxDense(topology: unknown): boolean {
  const config = (topology as { config?: { layers?: unknown } } | null)?.config;
  const layers = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(layers) || layers.length !== 1) return false;
  const layer = layers[0] as { class_name?: unknown; config?: { activation?: unknown; use_bias?: unknown } };
  return layer.class_name === 'Dense' && layer.config?.activation === 'softmax' && layer.config?.use_bias !== false;
}
