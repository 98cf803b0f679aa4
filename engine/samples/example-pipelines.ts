import type { PipelineGraph } from '../graph-types';

/** Ready-made pipelines over the bundled samples, so a new team can run something before uploading data. */
export type ExamplePipeline = { name: string; title: string; description: string; graph: PipelineGraph };

const node = (id: string, type: string, params: Record<string, unknown>, x: number, y: number, version = 1) => ({
  id,
  type,
  version,
  params,
  position: { x, y },
});
const edge = (source: string, target: string, sourcePort = 'data', targetPort = 'data') => ({
  id: `${source}.${sourcePort}->${target}.${targetPort}`,
  source,
  sourcePort,
  target,
  targetPort,
});

/** One penguin's sex is recorded as '.', which means unknown: read so, it is imputed instead of becoming a category 'Sex=.'. */
const PENGUINS_READ = { dataset: { source: 'sample', name: 'penguins' }, missingTokens: ['.'], types: [] };

/** The model types the comparison example trains, one Train node each. */
const COMPARED_MODELS = ['logistic_regression', 'random_forest', 'gradient_boosting', 'decision_tree'] as const;

export const examplePipelines: readonly ExamplePipeline[] = [
  {
    name: 'penguins',
    title: 'Penguin species',
    description: 'Predict a penguin’s species from its measurements: split first, so every fitted step learns from training rows only.',
    graph: {
      nodes: [
        node('dataset-1', 'dataset', PENGUINS_READ, 0, 0, 2),
        node('split-1', 'split', { testFraction: 0.2, seed: 7, stratify: 'Species' }, 260, 0),
        node('impute-1', 'impute', { strategy: 'mean' }, 520, 0),
        node('one-hot-1', 'one-hot', { columns: ['Island', 'Sex'] }, 780, 0),
        node('standard-scale-1', 'standard-scale', {}, 0, 200),
        node('train-1', 'train', { target: 'Species' }, 260, 200, 2),
        node('evaluate-1', 'evaluate', {}, 520, 200),
      ],
      edges: [
        edge('dataset-1', 'split-1'),
        edge('split-1', 'impute-1'),
        edge('impute-1', 'one-hot-1'),
        edge('one-hot-1', 'standard-scale-1'),
        edge('standard-scale-1', 'train-1'),
        edge('train-1', 'evaluate-1', 'model', 'model'),
        edge('standard-scale-1', 'evaluate-1'),
      ],
    },
  },
  {
    name: 'penguins-compare',
    title: 'Compare four models',
    description: 'Four model types learn penguin species from the same split, each on a free worker; Compare ranks them on ROC AUC and overlays their ROC curves.',
    graph: {
      nodes: [
        node('dataset-1', 'dataset', PENGUINS_READ, 0, 0, 2),
        node('split-1', 'split', { testFraction: 0.25, seed: 7, stratify: 'Species' }, 260, 0),
        node('impute-1', 'impute', { strategy: 'mean' }, 520, 0),
        node('one-hot-1', 'one-hot', { columns: ['Island', 'Sex'] }, 780, 0),
        node('standard-scale-1', 'standard-scale', {}, 1040, 0),
        // Two above and two below, leaving Rescale's row free for its wire straight to Compare's split input,
        // 190 apart: a Train node grows by its results after a run (to ~150 px) and must not touch the next.
        ...COMPARED_MODELS.map((model, i) => node(`train-${i + 1}`, 'train', { target: 'Species', model }, 1300, [-380, -190, 190, 380][i]!, 2)),
        node('compare-1', 'compare', {}, 1560, 0),
      ],
      edges: [
        edge('dataset-1', 'split-1'),
        edge('split-1', 'impute-1'),
        edge('impute-1', 'one-hot-1'),
        edge('one-hot-1', 'standard-scale-1'),
        ...COMPARED_MODELS.map((_, i) => edge('standard-scale-1', `train-${i + 1}`)),
        ...COMPARED_MODELS.map((_, i) => edge(`train-${i + 1}`, 'compare-1', 'model', 'models')),
        edge('standard-scale-1', 'compare-1'),
      ],
    },
  },
  {
    name: 'cars-mpg',
    title: 'Car fuel economy',
    description: 'Predict a car’s miles per gallon from its engine, weight and origin: a regression, scored on R², RMSE and MAE.',
    graph: {
      nodes: [
        node('dataset-1', 'dataset', { dataset: { source: 'sample', name: 'cars' } }, 0, 0, 2),
        node('split-1', 'split', { testFraction: 0.2, seed: 7 }, 260, 0),
        // Eight cars have no MPG: Train skips them rather than learn the mean Impute would give them.
        node('impute-1', 'impute', { strategy: 'mean', exclude: ['Miles_per_Gallon'] }, 520, 0),
        node('one-hot-1', 'one-hot', { columns: ['Origin'] }, 780, 0),
        // A car's name identifies it rather than describes it; its model year (a date here) is a strong feature as a number.
        node('drop-columns-1', 'drop-columns', { columns: ['Name'] }, 0, 200),
        node('date-parts-1', 'date-parts', { column: 'Year', parts: ['year'], dropSource: true }, 260, 200),
        node('train-1', 'train', { target: 'Miles_per_Gallon', model: 'random_forest' }, 520, 200, 2),
        node('evaluate-1', 'evaluate', {}, 780, 200, 2),
      ],
      edges: [
        edge('dataset-1', 'split-1'),
        edge('split-1', 'impute-1'),
        edge('impute-1', 'one-hot-1'),
        edge('one-hot-1', 'drop-columns-1'),
        edge('drop-columns-1', 'date-parts-1'),
        edge('date-parts-1', 'train-1'),
        edge('train-1', 'evaluate-1', 'model', 'model'),
        edge('date-parts-1', 'evaluate-1'),
      ],
    },
  },
  {
    name: 'seattle-weather',
    title: 'Seattle weather',
    description: 'Classify a day’s weather (rain, sun, drizzle, snow, fog) from its precipitation, temperatures, wind and month.',
    graph: {
      nodes: [
        node('dataset-1', 'dataset', { dataset: { source: 'sample', name: 'seattle-weather' } }, 0, 0, 2),
        node('split-1', 'split', { testFraction: 0.2, seed: 7, stratify: 'weather' }, 260, 0),
        node('date-parts-1', 'date-parts', { column: 'date', parts: ['month'] }, 520, 0),
        node('train-1', 'train', { target: 'weather', model: 'random_forest' }, 0, 200, 2),
        node('evaluate-1', 'evaluate', {}, 260, 200, 2),
      ],
      edges: [
        edge('dataset-1', 'split-1'),
        edge('split-1', 'date-parts-1'),
        edge('date-parts-1', 'train-1'),
        edge('train-1', 'evaluate-1', 'model', 'model'),
        edge('date-parts-1', 'evaluate-1'),
      ],
    },
  },
];

export function findExamplePipeline(name: string) {
  return examplePipelines.find((e) => e.name === name);
}
