import { z } from 'zod';
import type { ModelFamily, TrainingSet } from './model-family';
import { MAX_BINS } from './trees/bin-features';
import { fitForest } from './trees/forest-fit';
import { asEnsemble, ensembleImportance, predictEnsembleBatch } from './trees/tree-ensemble';

/**
 * A random forest as scikit-learn's RandomForestClassifier/Regressor: 100 trees grown to purity on
 * bootstrap samples, trying √features per split for classification and every feature for regression,
 * predictions averaged. Splits are searched over binned features (histograms), as in LightGBM's rf mode.
 */
const params = z.object({
  n_estimators: z.number().int().min(1).max(2000).default(100).meta({ title: 'Trees', description: 'More trees: steadier predictions, longer training.' }),
  max_depth: z.number().int().min(1).max(128).nullable().default(null).meta({ title: 'Maximum depth', description: 'Empty to grow each tree until its leaves are pure or too small.' }),
  min_samples_leaf: z.number().int().min(1).default(1).meta({ title: 'Rows per leaf', description: 'Smallest number of training rows a leaf may hold.' }),
  max_features: z
    .enum(['auto', 'sqrt', 'log2', 'all'])
    .default('auto')
    .meta({ title: 'Features per split', description: 'Features tried at each split. auto: √features for classification, all for regression (as scikit-learn).' }),
  bootstrap: z.boolean().default(true).meta({ title: 'Bootstrap', description: 'Grow each tree on a sample drawn with replacement.' }),
  max_bins: z.number().int().min(2).max(MAX_BINS).default(MAX_BINS).meta({ title: 'Bins per feature', description: 'Features are bucketed into at most this many quantile bins before training.' }),
  threads: z.number().int().min(0).max(256).default(0).meta({ title: 'Threads', description: 'Worker threads building trees at once; 0 for one per core.' }),
});
type Params = z.output<typeof params>;

export function featuresPerSplit(choice: Params['max_features'], data: Pick<TrainingSet, 'task' | 'columns'>): number {
  const features = data.columns.length;
  const rule = choice === 'auto' ? (data.task === 'classification' ? 'sqrt' : 'all') : choice;
  if (rule === 'all') return features;
  return Math.max(1, Math.floor(rule === 'sqrt' ? Math.sqrt(features) : Math.log2(features)));
}

export const randomForest: ModelFamily<typeof params> = {
  id: 'random_forest',
  title: 'Random forest',
  description: 'Many deep trees on bootstrap samples, averaged. Accurate with little tuning; fitted across CPU cores.',
  tasks: ['classification', 'regression'],
  params,
  fit: (data, p, callbacks) =>
    fitForest(
      data,
      {
        spec: {
          task: data.task,
          classes: data.classes,
          seed: data.seed,
          bootstrap: p.bootstrap,
          grow: { maxDepth: p.max_depth ?? Infinity, maxLeaves: Infinity, minSamplesLeaf: p.min_samples_leaf, minWeightLeaf: 0, l2: 0, maxFeatures: featuresPerSplit(p.max_features, data) },
        },
        trees: p.n_estimators,
        maxBins: p.max_bins,
        threads: p.threads,
      },
      callbacks,
    ),
  predict: (artifact, columns, rows) => predictEnsembleBatch(asEnsemble(artifact), columns, rows),
  importance: (artifact, features) => ensembleImportance(asEnsemble(artifact), features),
  // Each row is scored by the trees whose bootstrap left it out (forest-fit.ts): on its own rows a grown forest scores ~1.
  curveName: (p) => (p.bootstrap ? 'Out-of-bag' : 'Training'),
};
