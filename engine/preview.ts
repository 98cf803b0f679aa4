import { createContentKeys, type SampleSpec } from './content-key';
import { UserError, type DatasetReadOptions, type DatasetRef, type NodeDefinition, type PortValue, type RunContext } from './define-node';
import { collectAncestors, runGraphNode, type GetInput } from './execute';
import { sortTopologically } from './graph';
import type { GraphNode, PipelineGraph } from './graph-types';
import { sampleTable } from './kernels/sample-rows';
import { nameNode, resolveNodeParams } from './node-params';
import { createPreviewCache, type PreviewCache } from './preview-cache';
import {
  afterRunPort,
  countPortRows,
  diffColumns,
  isRunOnlyPort,
  previewPort,
  type ColumnChanges,
  type PortRows,
  type PreviewPort,
} from './preview-result';
import { getNodeType } from './registry';
import type { Table } from './table';

/**
 * Sample previews: a node's output on sample rows, computed by the same `run` as a full run.
 * Every node's sample output is cached under its content key, so after an edit only the edited node and
 * its descendants run again. Errors, time-outs and cancellations come back as values naming the node.
 */
export const DEFAULT_SAMPLE: SampleSpec = { mode: 'head', rows: 1000 };
export const DEFAULT_PREVIEW_TIMEOUT_MS = 2000;
export const DEFAULT_PREVIEW_ROW_LIMIT = 1000;

export type PreviewerOptions = {
  /**
   * Reads a dataset for previews, parsed with `read` (see RunContext.loadDataset); may return just the
   * sample (it is re-sampled idempotently) or all rows.
   */
  loadSample(ref: DatasetRef, sample: SampleSpec, signal: AbortSignal, read?: DatasetReadOptions): Promise<Table>;
  /** See DatasetIdentities in content-key.ts. */
  identifyDataset(ref: DatasetRef): string | undefined;
  /** Budget of the sample-output cache, in estimated bytes. */
  cacheBytes: number;
  timeoutMs?: number;
  rowLimit?: number;
  /** Clock in ms, injectable for tests. */
  now?: () => number;
};

export type PreviewRequest = {
  graph: PipelineGraph;
  nodeId: string;
  sample?: SampleSpec;
  signal?: AbortSignal;
  timeoutMs?: number;
  rowLimit?: number;
};

type Timing = { computed: string[]; ms: number };
export type PreviewResult =
  | ({
      status: 'ok';
      nodeId: string;
      key: string;
      ports: PreviewPort[];
      rowsIn: PortRows[];
      rowsOut: PortRows[];
      columns: ColumnChanges;
      /** What the step logged on the sample rows (rows dropped, matches, what would stop a run). */
      notes: string[];
    } & Timing)
  | { status: 'after-run'; nodeId: string; ports: PreviewPort[]; message: string }
  | ({ status: 'error'; nodeId: string; failedNodeId: string; reason: 'invalid' | 'failed' | 'timeout' | 'aborted'; message: string } & Timing);

/**
 * An output feeding a node's table or split input, which the preview shows in place of the node's own rows
 * (see dataInputsOf): the source node and port, its name, and the label of the input it feeds ("Left").
 */
export type DataInput = { nodeId: string; port: string; name: string; input: string };

/**
 * Where the rows coming into `nodeId` come from: each of its connected inputs that takes a table or a
 * split, in the order of its inputs. The preview shows those outputs while the node's own cannot be shown
 * (not set up yet, failing on the sample, or shown only after a run), so its settings are filled in with
 * the data in view.
 */
export function dataInputsOf(graph: PipelineGraph, nodeId: string): DataInput[] {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const def = node && getNodeType(node.type);
  return (def?.inputs ?? []).flatMap((port) => {
    if (!port.kinds.includes('table') && !port.kinds.includes('split')) return [];
    const edge = graph.edges.find((e) => e.target === nodeId && e.targetPort === port.name);
    const source = edge && graph.nodes.find((n) => n.id === edge.source);
    return source ? [{ nodeId: source.id, port: edge.sourcePort, name: describe(source), input: port.label }] : [];
  });
}

export type Previewer = { preview(request: PreviewRequest): Promise<PreviewResult>; readonly cache: PreviewCache };

export function createPreviewer(options: PreviewerOptions): Previewer {
  const cache = createPreviewCache(options.cacheBytes);
  const now = options.now ?? (() => performance.now());
  return {
    cache,
    async preview(request) {
      const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_PREVIEW_TIMEOUT_MS;
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new UserError(`The preview took longer than ${timeoutMs} ms.`)), timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
      const started = now();
      // Sync nodes cannot be interrupted by the timer, so the clock is also read between nodes.
      const stopReason = () => (request.signal?.aborted ? 'aborted' : timeout.signal.aborted || now() - started > timeoutMs ? 'timeout' : undefined);
      try {
        const job: Job = { request, options, cache, signal, stopReason, started, now, timeoutMs, computed: [] };
        return await computePreview(job);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

type Job = {
  request: PreviewRequest;
  options: PreviewerOptions;
  cache: PreviewCache;
  signal: AbortSignal;
  stopReason: () => 'aborted' | 'timeout' | undefined;
  started: number;
  now: () => number;
  timeoutMs: number;
  computed: string[];
};

async function computePreview(job: Job): Promise<PreviewResult> {
  const { graph, nodeId } = job.request;
  const target = graph.nodes.find((n) => n.id === nodeId);
  if (!target) return fail(job, nodeId, 'invalid', `The step '${nodeId}' is not in this pipeline; it may have been deleted.`);
  const def = getNodeType(target.type);
  if (def && def.outputs.every(isRunOnlyPort)) {
    // Settings not filled in yet say so here too, as any other step's do, rather than "shown after a run".
    const params = resolveNodeParams(target, def);
    if (!params.ok) return fail(job, nodeId, 'invalid', params.messages.join(' '));
    const name = nameNode(target, def);
    const afterRun: PreviewResult = { status: 'after-run', nodeId, ports: def.outputs.map((p) => afterRunPort(p, name)), message: `${name} is shown after a run, from the last run's result.` };
    return def.checkSample ? ((await checkOnSample(job, target, def, params.params)) ?? afterRun) : afterRun;
  }
  const plan = planNodes(graph, nodeId);
  if (typeof plan === 'string') return fail(job, nodeId, 'invalid', plan);
  const blocked = findRunOnlyInput(graph, new Set(plan));
  if (blocked) return { status: 'after-run', nodeId, ports: [], message: blocked };
  const computed = await computePlan(job, plan);
  return 'status' in computed ? computed : summarize(job, target, computed.key, computed.values);
}

/** Runs the plan's nodes on the sample in order, each from the cache when it can; an error names the node that failed. */
async function computePlan(job: Job, plan: string[]): Promise<{ key: string; values: Map<string, Record<string, PortValue>> } | PreviewResult> {
  const { graph } = job.request;
  const sample = job.request.sample ?? DEFAULT_SAMPLE;
  const keyOf = createContentKeys(graph, job.options, sample);
  const values = new Map<string, Record<string, PortValue>>();
  const getInput: GetInput = async (source, port) => {
    const value = values.get(source)?.[port];
    if (!value) throw new UserError(`The step '${source}' did not produce an output '${port}'.`);
    return value;
  };
  let key = '';
  for (const id of plan) {
    const stop = job.stopReason();
    if (stop) return failStopped(job, id, stop);
    try {
      key = keyOf(id);
      values.set(id, job.cache.get(key) ?? (await computeNode(job, id, key, getInput, sample)));
    } catch (error) {
      const stopped = job.stopReason();
      if (stopped) return failStopped(job, id, stopped);
      return fail(job, id, error instanceof UserError ? 'invalid' : 'failed', describeError(graph, id, error));
    }
  }
  return { key, values };
}

/**
 * A run-only node (Train) is not run on the sample, but its inputs are checked there for what would stop
 * the run early (its settings are checked before). Nothing to say (inputs unconnected) is undefined.
 */
async function checkOnSample(job: Job, target: GraphNode, def: NodeDefinition, params: Record<string, unknown>): Promise<PreviewResult | undefined> {
  const { graph } = job.request;
  const edges = def.inputs.map((port) => graph.edges.find((e) => e.target === target.id && e.targetPort === port.name));
  if (edges.some((e) => !e)) return undefined;
  const plan = planNodes(graph, target.id);
  if (typeof plan === 'string') return undefined;
  const upstream = plan.filter((id) => id !== target.id);
  if (findRunOnlyInput(graph, new Set(upstream))) return undefined;
  const computed = await computePlan(job, upstream);
  if ('status' in computed) return computed;
  const inputs: Record<string, PortValue> = {};
  def.inputs.forEach((port, i) => {
    const value = computed.values.get(edges[i]!.source)?.[edges[i]!.sourcePort];
    if (value) inputs[port.name] = value;
  });
  try {
    def.checkSample!(inputs, params);
    return undefined;
  } catch (error) {
    return fail(job, target.id, error instanceof UserError ? 'invalid' : 'failed', describeError(graph, target.id, error));
  }
}

async function computeNode(job: Job, id: string, key: string, getInput: GetInput, sample: SampleSpec): Promise<Record<string, PortValue>> {
  const { graph } = job.request;
  const notes: string[] = [];
  const ctx: RunContext = {
    progress() {},
    log: (message) => void notes.push(message),
    metric() {},
    signal: job.signal,
    loadDataset: (ref, read) => job.options.loadSample(ref, sample, job.signal, read),
    previewing: true,
  };
  let outputs = await runGraphNode(graph, id, getInput, ctx);
  // Sources are sampled here, once; everything downstream works on (and caches) sample-sized tables.
  const node = graph.nodes.find((n) => n.id === id)!;
  if (getNodeType(node.type)?.inputs.length === 0) outputs = sampleOutputs(outputs, sample);
  if (notes.length) notesOfOutputs.set(outputs, notes);
  job.computed.push(id);
  job.cache.set(key, outputs);
  return outputs;
}

/** What each node logged while computing its cached outputs: a cache hit shows the same notes. */
const notesOfOutputs = new WeakMap<Record<string, PortValue>, string[]>();

function sampleOutputs(outputs: Record<string, PortValue>, sample: SampleSpec): Record<string, PortValue> {
  const sampled: Record<string, PortValue> = {};
  for (const [port, value] of Object.entries(outputs)) sampled[port] = value.kind === 'table' ? { kind: 'table', table: sampleTable(value.table, sample) } : value;
  return sampled;
}

/** The node's ancestors (and itself) in dependency order, or a message when it sits on a loop. */
function planNodes(graph: PipelineGraph, nodeId: string): string[] | string {
  const { order } = sortTopologically(graph);
  if (!order.includes(nodeId)) {
    const node = graph.nodes.find((n) => n.id === nodeId)!;
    return `${nameNode(node, getNodeType(node.type))} is part of a loop, or depends on one. Remove a connection so data flows one way.`;
  }
  const wanted = collectAncestors(graph, nodeId);
  return order.filter((id) => wanted.has(id));
}

/** A model or metrics output feeding the plan: previewing would mean training on sample rows, so it waits for a run. */
function findRunOnlyInput(graph: PipelineGraph, plan: Set<string>): string | undefined {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const edge of graph.edges) {
    if (!plan.has(edge.target) || !byId.has(edge.source)) continue;
    const source = byId.get(edge.source)!;
    const port = getNodeType(source.type)?.outputs.find((p) => p.name === edge.sourcePort);
    if (port && isRunOnlyPort(port)) {
      const target = byId.get(edge.target)!;
      return `${describe(target)} uses the ${port.label.toLowerCase()} of ${describe(source)}, which exists only after a run. Run the pipeline to see this step's output.`;
    }
  }
  return undefined;
}

function summarize(job: Job, target: GraphNode, key: string, values: Map<string, Record<string, PortValue>>): PreviewResult {
  const { graph } = job.request;
  const def = getNodeType(target.type)!;
  const name = nameNode(target, def);
  const rowLimit = job.request.rowLimit ?? job.options.rowLimit ?? DEFAULT_PREVIEW_ROW_LIMIT;
  const outputs = values.get(target.id)!;
  const inputs = def.inputs.flatMap((port) => {
    const edge = graph.edges.find((e) => e.target === target.id && e.targetPort === port.name);
    const value = edge && values.get(edge.source)?.[edge.sourcePort];
    return value ? [{ port: port.name, value }] : [];
  });
  const ports = def.outputs.map((p) => (isRunOnlyPort(p) || !outputs[p.name] ? afterRunPort(p, name) : previewPort(p.name, outputs[p.name], rowLimit)));
  const firstTable = (list: { value: PortValue }[]) => list.find((x) => x.value.kind === 'table' || x.value.kind === 'split')?.value;
  const outList = Object.entries(outputs).map(([port, value]) => ({ port, value }));
  return {
    status: 'ok',
    nodeId: target.id,
    key,
    ports,
    rowsIn: inputs.flatMap(({ port, value }) => countPortRows(port, value) ?? []),
    rowsOut: outList.flatMap(({ port, value }) => countPortRows(port, value) ?? []),
    columns: diffColumns(firstTable(inputs), firstTable(outList)),
    notes: notesOfOutputs.get(outputs) ?? [],
    computed: job.computed,
    ms: job.now() - job.started,
  };
}

function describe(node: GraphNode): string {
  return nameNode(node, getNodeType(node.type));
}

function describeError(graph: PipelineGraph, id: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UserError) return message;
  const node = graph.nodes.find((n) => n.id === id);
  return `${node ? describe(node) : id} failed on the sample rows: ${message}`;
}

function failStopped(job: Job, id: string, reason: 'aborted' | 'timeout'): PreviewResult {
  const node = job.request.graph.nodes.find((n) => n.id === id);
  const at = node ? describe(node) : id;
  const message =
    reason === 'aborted'
      ? `The preview was cancelled at ${at}.`
      : `The preview took longer than ${job.timeoutMs} ms and stopped at ${at}. Use a smaller sample, or run the pipeline to see the full result.`;
  return fail(job, id, reason, message);
}

function fail(job: Job, failedNodeId: string, reason: 'invalid' | 'failed' | 'timeout' | 'aborted', message: string): PreviewResult {
  return { status: 'error', nodeId: job.request.nodeId, failedNodeId, reason, message, computed: job.computed, ms: job.now() - job.started };
}
