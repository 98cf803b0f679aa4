import { and, eq } from 'drizzle-orm';
import type { BlobStore } from '../db/blob-store';
import type { Db } from '../db/client';
import { isUuid } from '../db/queries/pipelines';
import { nodeRuns, runs } from '../db/schema';
import type { PortValue } from '../engine/define-node';
import { decodePortValue, type PortSummary } from '../engine/io/serialize';
import type { PreviewResult } from '../engine/preview';
import { countPortRows, previewPort, type PortRows, type PreviewPort } from '../engine/preview-result';
import { serializePreview, type PreviewCaps } from './preview-payload';
import { serializePreviewRows, type PreviewWindow } from './preview-window';

/**
 * A run's stored node outputs, shown in the same grid as the editor's preview: the node's table ports
 * shaped exactly as a preview (first window, column stats over every stored row, row/column/byte caps),
 * and further windows as the grid scrolls. Outputs are read from blobs: nothing is computed again.
 */
export type RunOutputUnavailable = { status: 'unavailable'; nodeId: string; message: string };

type NodeOutputs = { status: 'stored'; nodeId: string; ports: Record<string, string>; summary: Record<string, PortSummary> };

/** The node's stored outputs in the team's run, a message saying why there are none, or undefined (no such run or node). */
export async function findNodeOutputs(db: Db, teamId: string, runId: string, nodeId: string): Promise<NodeOutputs | RunOutputUnavailable | undefined> {
  if (!isUuid(runId)) return undefined;
  const [row] = await db
    .select({ status: nodeRuns.status, outputs: nodeRuns.outputs, summary: nodeRuns.summary })
    .from(nodeRuns)
    .innerJoin(runs, eq(runs.id, nodeRuns.runId))
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId), eq(nodeRuns.nodeId, nodeId)));
  if (!row) return undefined;
  if (row.status !== 'succeeded' || !row.outputs) return { status: 'unavailable', nodeId, message: noOutputBecause(row.status) };
  return { status: 'stored', nodeId, ports: row.outputs, summary: (row.summary ?? {}) as Record<string, PortSummary> };
}

function noOutputBecause(status: string): string {
  switch (status) {
    case 'queued':
      return 'This step has not run yet: its output appears here when it finishes.';
    case 'running':
      return 'This step is still running: its output appears here when it finishes.';
    case 'skipped':
      return 'This step was skipped because a step before it failed, so it has no output. Fix that step and rerun.';
    case 'cancelled':
      return 'This step was cancelled before it finished, so it has no output.';
    default:
      return 'This step failed, so it has no output. Read its error above, fix the cause and rerun from this step.';
  }
}

const isTableSummary = (s: PortSummary | undefined) => s?.kind === 'table' || s?.kind === 'split';

/**
 * Decoded outputs by blob key. A key names one attempt's output of one node (runs/<run>/<node>/<attempt>/<port>),
 * written once and never changed, so a cached copy never goes stale; a grid scrolling one output reads it
 * once instead of once per window. Small: an output may be hundreds of megabytes.
 */
const decoded = new Map<string, Promise<PortValue>>();
const DECODED_KEPT = 4;

function readOutput(blobs: BlobStore, key: string): Promise<PortValue> {
  const known = decoded.get(key);
  if (known) {
    decoded.delete(key);
    decoded.set(key, known);
    return known;
  }
  const value = blobs.get(key).then(decodePortValue);
  decoded.set(key, value);
  value.catch(() => decoded.delete(key));
  while (decoded.size > DECODED_KEPT) decoded.delete(decoded.keys().next().value!);
  return value;
}

/** A blob that is gone (deleted by retention or "delete outputs") says so instead of failing the request. */
async function readOutputs(blobs: BlobStore, node: NodeOutputs, ports: string[]): Promise<{ status: 'read'; values: Record<string, PortValue> } | RunOutputUnavailable> {
  try {
    const values = await Promise.all(ports.map((p) => readOutput(blobs, node.ports[p]!)));
    return { status: 'read', values: Object.fromEntries(ports.map((p, i) => [p, values[i]!])) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { status: 'unavailable', nodeId: node.nodeId, message: "This step's stored output was deleted (the team's output retention, or Delete outputs). Rerun the pipeline to compute it again." };
    }
    throw error;
  }
}

/** The preview payload (JSON text) of every output port of the node: tables and splits with rows, others with a note. */
export async function serializeRunOutput(blobs: BlobStore, node: NodeOutputs, caps: PreviewCaps): Promise<string> {
  const tablePorts = Object.keys(node.ports).filter((p) => isTableSummary(node.summary[p]));
  const read = await readOutputs(blobs, node, tablePorts);
  if (read.status === 'unavailable') return JSON.stringify(read);
  const values = read.values;
  const ports: PreviewPort[] = Object.keys(node.ports).map((port) =>
    values[port] ? previewPort(port, values[port], caps.rowLimit) : afterRunPort(port, afterRunKind(node.summary[port])),
  );
  const rowsOut = tablePorts.map((p) => countPortRows(p, values[p]!)).filter((r): r is PortRows => r !== undefined);
  const result: PreviewResult = { status: 'ok', nodeId: node.nodeId, key: '', ports, rowsIn: [], rowsOut, columns: { added: [], changed: [], removed: [] }, notes: [], computed: [], ms: 0 };
  return serializePreview(result, values, caps);
}

const AFTER_RUN_WHAT = { model: 'is a trained model', metrics: 'holds test metrics', comparison: 'is a comparison of models' } as const;

/** An output with no rows to list (a model, metrics): where to look instead. */
function afterRunPort(port: string, kind: keyof typeof AFTER_RUN_WHAT): PreviewPort {
  return { port, kind, afterRun: true, message: `This output ${AFTER_RUN_WHAT[kind]}, not rows: its results and charts are shown above.` };
}

function afterRunKind(summary: PortSummary | undefined): 'model' | 'metrics' | 'comparison' {
  return summary?.kind === 'model' || summary?.kind === 'comparison' ? summary.kind : 'metrics';
}

/** Rows of one table of the node's stored output, as the preview's windows are (JSON text). */
export async function serializeRunOutputRows(blobs: BlobStore, node: NodeOutputs, window: PreviewWindow, caps: PreviewCaps): Promise<string> {
  const summary = node.summary[window.port];
  if (!node.ports[window.port] || !isTableSummary(summary)) {
    const tables = Object.keys(node.ports).filter((p) => isTableSummary(node.summary[p]));
    const unavailable: RunOutputUnavailable = {
      status: 'unavailable',
      nodeId: node.nodeId,
      message: `The step '${node.nodeId}' has no table output '${window.port}'; ${tables.length ? `its table outputs are ${tables.map((t) => `'${t}'`).join(', ')}` : 'it has no table outputs'}.`,
    };
    return JSON.stringify(unavailable);
  }
  const read = await readOutputs(blobs, node, [window.port]);
  if (read.status === 'unavailable') return JSON.stringify(read);
  const value = read.values[window.port]!;
  const result: PreviewResult = {
    status: 'ok',
    nodeId: node.nodeId,
    key: '',
    ports: [previewPort(window.port, value, caps.rowLimit)],
    rowsIn: [],
    rowsOut: [],
    columns: { added: [], changed: [], removed: [] },
    notes: [],
    computed: [],
    ms: 0,
  };
  return serializePreviewRows(result, { [window.port]: value }, window, caps);
}
