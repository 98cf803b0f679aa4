import { describe, expect, it } from 'vitest';
import type { MetricsValue } from '../define-node';
import { executeGraph } from '../execute';
import { analyzeGraph, parseGraph } from '../graph';
import { createTestContext } from '../testing/fixtures';
import { examplePipelines } from './example-pipelines';

describe('example pipelines', () => {
  it.each(examplePipelines.map((e) => [e.name, e] as const))('%s is a valid saved graph with no problems, and opens with no warnings', (_, example) => {
    const graph = parseGraph(example.graph);
    const analysis = analyzeGraph(graph, createTestContext());
    expect(analysis.problems).toEqual([]);
    expect(analysis.warnings).toEqual([]);
  });

  // Templates are offered to new users as runnable as is: each must run and score well, not just validate.
  it.each([
    ['cars-mpg', 'r2', 0.7],
    ['seattle-weather', 'accuracy', 0.7],
  ] as const)('%s runs as is and scores %s ≥ %d on its test rows', async (name, metric, floor) => {
    const example = examplePipelines.find((e) => e.name === name)!;
    const outputs = await executeGraph(parseGraph(example.graph), createTestContext());
    const metrics = outputs.get('evaluate-1')!.metrics as MetricsValue;
    expect(metrics.metrics[metric]).toBeGreaterThanOrEqual(floor);
  }, 60_000);

  it.each(['penguins', 'penguins-compare'])("%s reads the '.' in Sex as missing, so one-hot makes no 'Sex=.' column", (name) => {
    const graph = parseGraph(examplePipelines.find((e) => e.name === name)!.graph);
    const port = analyzeGraph(graph, createTestContext()).outputSchemas['one-hot-1']!.data!;
    const columns = port.kind === 'split' ? port.schema.columns.map((c) => c.name) : [];
    expect(columns.filter((c) => c.startsWith('Sex='))).toEqual(['Sex=FEMALE', 'Sex=MALE']);
  });
});
