import { z } from 'zod';
import type { ModelFamily } from './model-family';
import { MAX_BINS } from './trees/bin-features';
import { fitForest } from './trees/forest-fit';
import { asEnsemble, ensembleImportance, predictEnsembleBatch } from './trees/tree-ensemble';

/**
 * One decision tree, as scikit-learn's DecisionTreeClassifier/Regressor: Gini impurity for classes,
 * squared error for numbers, grown depth-first until leaves are pure unless limited. Readable when
 * shallow; the forest and boosting models are usually more accurate.
 */
const params = z.object({
  max_depth: z.number().int().min(1).max(128).nullable().default(null).meta({ title: 'Maximum depth', description: 'Empty to grow until leaves are pure or too small; 3–6 keeps the tree readable.' }),
  min_samples_leaf: z.number().int().min(1).default(1).meta({ title: 'Rows per leaf', description: 'Smallest number of training rows a leaf may hold.' }),
  max_leaf_nodes: z.number().int().min(2).max(100_000).nullable().default(null).meta({ title: 'Maximum leaves', description: 'Empty for no limit; otherwise the best splits are taken first.' }),
  max_bins: z.number().int().min(2).max(MAX_BINS).default(MAX_BINS).meta({ title: 'Bins per feature', description: 'Features are bucketed into at most this many quantile bins before training.' }),
});

export const decisionTree: ModelFamily<typeof params> = {
  id: 'decision_tree',
  title: 'Decision tree',
  description: 'A single tree of yes/no questions on the features. Easy to read; less accurate than a forest.',
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
          bootstrap: false,
          grow: { maxDepth: p.max_depth ?? Infinity, maxLeaves: p.max_leaf_nodes ?? Infinity, minSamplesLeaf: p.min_samples_leaf, minWeightLeaf: 0, l2: 0, maxFeatures: data.columns.length },
        },
        trees: 1,
        maxBins: p.max_bins,
        threads: 1,
      },
      callbacks,
    ),
  predict: (artifact, columns, rows) => predictEnsembleBatch(asEnsemble(artifact), columns, rows),
  importance: (artifact, features) => ensembleImportance(asEnsemble(artifact), features),
};
