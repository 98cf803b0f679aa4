/**
 * Bundles every training helper thread's entry (Gram matrices, boosting histograms, forests, tree
 * predictions) at once, as a worker does when it takes its first node: the first fit after a start otherwise finds no
 * bundle and runs alone (a Gram matrix) or waits on esbuild (trees), where scikit-learn's BLAS threads
 * are up from the moment numpy is imported. Resolves when every bundle is made or known to be unmakeable
 * (the threads then boot through tsx). Node only.
 */
export async function prepareTrainingThreads(): Promise<void> {
  const [gram, histogram, forest, predict] = await Promise.all([
    import('./gram-threads'),
    import('./trees/histogram-threads'),
    import('./trees/forest-threads'),
    import('./trees/predict-threads'),
  ]);
  await Promise.all([gram.prepareGramThreads(), histogram.prepareHistogramThreads(), forest.prepareForestThreads(), predict.preparePredictThreads()]);
}
