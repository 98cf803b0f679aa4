import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatasetRef, RunContext, SchemaContext } from '../define-node';
import type { PipelineGraph } from '../graph-types';
import { parseDatasetBytesSync } from '../io/dataset';
import { applyReadOptions } from '../io/read-options';
import { findSampleDataset, locateSampleFile } from '../samples/catalog';
import type { Table } from '../table';
import { tableSchema } from '../table-ops';

/** Test-only helpers: read bundled samples from disk, and a RunContext that records what nodes report. */
export function loadSample(name: string): Table {
  const sample = findSampleDataset(name);
  if (!sample) throw new Error(`No bundled sample '${name}'.`);
  const bytes = readFileSync(fileURLToPath(locateSampleFile(sample)));
  return parseDatasetBytesSync(bytes, { format: sample.format });
}

export type RecordingContext = RunContext & SchemaContext & { metrics: { name: string; value: number; step?: number }[]; logs: string[] };

export function createTestContext(tables: Record<string, Table> = {}): RecordingContext {
  const resolve = (ref: DatasetRef): Table | undefined =>
    ref.source === 'sample'
      ? (tables[ref.name] ?? (findSampleDataset(ref.name) ? loadSample(ref.name) : undefined))
      : tables[ref.source === 'url' ? ref.url : ref.datasetVersionId];
  const ctx: RecordingContext = {
    metrics: [],
    logs: [],
    signal: new AbortController().signal,
    progress() {},
    log: (message) => ctx.logs.push(message),
    metric: (name, value, step) => ctx.metrics.push({ name, value, step }),
    async loadDataset(ref, options) {
      const table = resolve(ref);
      if (!table) throw new Error(`Unknown dataset in test: ${JSON.stringify(ref)}`);
      return options ? applyReadOptions(table, { ...options, onNote: (line) => ctx.log(line) }) : table;
    },
    datasetSchema: (ref) => {
      const table = resolve(ref);
      return table && tableSchema(table);
    },
  };
  return ctx;
}

/** Builds a linear graph from [id, type, params] steps, wiring each `data` output to the next `data` input. */
export function buildChain(steps: [id: string, type: string, params: Record<string, unknown>][]): PipelineGraph {
  return {
    nodes: steps.map(([id, type, params], i) => ({ id, type, version: 1, params, position: { x: i * 200, y: 0 } })),
    edges: steps.slice(1).map(([id], i) => ({ id: `e${i}`, source: steps[i][0], sourcePort: 'data', target: id, targetPort: 'data' })),
  };
}

/** The penguins training chain the engine tests share: sample → stratified split → impute → one-hot → scale → Train on Species. */
export function penguinsChain(): PipelineGraph {
  return buildChain([
    ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
    ['split', 'split', { stratify: 'Species' }],
    ['impute', 'impute', {}],
    ['encode', 'one-hot', { columns: ['Island', 'Sex'] }],
    ['scale', 'standard-scale', {}],
    ['train', 'train', { target: 'Species' }],
  ]);
}
