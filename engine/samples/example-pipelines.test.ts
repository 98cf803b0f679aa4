import { describe, expect, it } from 'vitest';
import { analyzeGraph, parseGraph } from '../graph';
import { createTestContext } from '../testing/fixtures';
import { examplePipelines } from './example-pipelines';

describe('example pipelines', () => {
  it.each(examplePipelines.map((e) => [e.name, e] as const))('%s is a valid saved graph with no problems', (_, example) => {
    const graph = parseGraph(example.graph);
    expect(analyzeGraph(graph, createTestContext()).problems).toEqual([]);
  });
});
