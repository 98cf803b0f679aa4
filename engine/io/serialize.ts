import type { ComparisonValue, FittedStep, MetricsValue, ModelValue, PortValue, RuleCheck, TableValue } from '../define-node';
import { valuesColumn, type Column, type Table, type TableSchema } from '../table';
import { upgradeTrainV1Model } from '../training/train-v1-model';
import { countMissing } from '../table-ops';
import { gatherInto, selectionOf, type Selection } from '../kernels/row-selection';
import { strided, summarizeComparison, summarizeMetrics, type MetricsSummary } from './summarize-metrics';

/**
 * Compact binary encoding of port values for blob storage:
 *   "PWV1" | u32 LE header length | header JSON (UTF-8) | zero padding to 8 | column buffers, each 8-aligned.
 * Tables travel as raw Float64Array / Int32Array buffers referenced from the header, so encoding is a
 * copy and decoding is zero-copy views; so do the typed arrays inside a model artifact (trees' node
 * arrays, weights), each replaced in the header by a marker naming its type and buffer. Everything else
 * (the rest of a model, metrics) lives in the header as JSON.
 */
const MAGIC = [0x50, 0x57, 0x56, 0x31]; // "PWV1"

type EncodedColumn =
  | { kind: 'number' | 'date'; name: string; buffer: number }
  | { kind: 'category'; name: string; buffer: number; dictionary: string[] };
type EncodedTable = { rowCount: number; columns: EncodedColumn[] };
type EncodedValue =
  | { kind: 'table'; table: EncodedTable; checks?: RuleCheck[]; fitted?: FittedStep[]; inputSchema?: TableSchema }
  | { kind: 'split'; train: EncodedTable; test: EncodedTable; fitted: FittedStep[]; inputSchema?: TableSchema }
  | ModelValue
  | MetricsValue
  | ComparisonValue;
type Header = { value: EncodedValue; buffers: { offset: number; byteLength: number }[] };

const TYPED_ARRAYS = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint16Array, Uint8Array } as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
/** Stands for a typed array of an artifact in the header; the key is one no artifact field uses. */
type TypedArrayMarker = { $typedArray: TypedArrayName; buffer: number };

function isTypedArrayMarker(value: object): value is TypedArrayMarker {
  return '$typedArray' in value && 'buffer' in value && Object.keys(value).length === 2;
}

/** A copy of `value` with every typed array swapped for a marker of the buffer it was pushed as. */
function extractTypedArrays(value: unknown, views: (ArrayBufferView | PendingColumn)[]): unknown {
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    if (!(name in TYPED_ARRAYS)) throw new Error(`A model artifact holds a ${name}, which the port encoder cannot store; use one of ${Object.keys(TYPED_ARRAYS).join(', ')}.`);
    return { $typedArray: name as TypedArrayName, buffer: views.push(value) - 1 } satisfies TypedArrayMarker;
  }
  if (Array.isArray(value)) return value.map((item) => extractTypedArrays(item, views));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, extractTypedArrays(item, views)]));
  return value;
}

function restoreTypedArrays(value: unknown, slice: (index: number, bytesPerElement: number) => Uint8Array): unknown {
  if (Array.isArray(value)) return value.map((item) => restoreTypedArrays(item, slice));
  if (value === null || typeof value !== 'object') return value;
  if (isTypedArrayMarker(value)) {
    const Type = TYPED_ARRAYS[value.$typedArray];
    const raw = slice(value.buffer, Type.BYTES_PER_ELEMENT);
    return new Type(raw.buffer as ArrayBuffer, raw.byteOffset, raw.byteLength / Type.BYTES_PER_ELEMENT);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, restoreTypedArrays(item, slice)]));
}

/** A table or split value's fields besides its rows, those it has. */
function extrasOf(value: Pick<TableValue, 'checks' | 'fitted' | 'inputSchema'>): Pick<TableValue, 'checks' | 'fitted' | 'inputSchema'> {
  return { ...(value.checks ? { checks: value.checks } : {}), ...(value.fitted ? { fitted: value.fitted } : {}), ...(value.inputSchema ? { inputSchema: value.inputSchema } : {}) };
}

/** A column a filter left to be gathered (row-selection.ts): gathered straight into the encoded bytes, not first into an array of its own. */
type PendingColumn = { byteLength: number; selection: Selection };

export function encodePortValue(value: PortValue): Uint8Array {
  const views: (ArrayBufferView | PendingColumn)[] = [];
  const encodeTable = (table: Table): EncodedTable => ({
    rowCount: table.rowCount,
    columns: table.columns.map((col): EncodedColumn => {
      const selection = selectionOf(col);
      const pending = selection && { byteLength: selection.rows.length * (col.kind === 'category' ? 4 : 8), selection };
      const buffer = views.push(pending ?? (col.kind === 'category' ? col.codes : col.values)) - 1;
      return col.kind === 'category' ? { kind: 'category', name: col.name, buffer, dictionary: col.dictionary } : { kind: col.kind, name: col.name, buffer };
    }),
  });
  const described: EncodedValue =
    value.kind === 'table'
      ? { kind: 'table', table: encodeTable(value.table), ...extrasOf(value) }
      : value.kind === 'split'
        ? { kind: 'split', train: encodeTable(value.train), test: encodeTable(value.test), fitted: value.fitted, ...extrasOf(value) }
        : value.kind === 'model'
          ? { ...value, artifact: extractTypedArrays(value.artifact, views) as ModelValue['artifact'] }
          : value;
  let offset = 0;
  const buffers = views.map((view) => {
    const entry = { offset, byteLength: view.byteLength };
    offset = align8(offset + view.byteLength);
    return entry;
  });
  const headerBytes = new TextEncoder().encode(JSON.stringify({ value: described, buffers } satisfies Header));
  const bodyStart = align8(8 + headerBytes.length);
  const out = new Uint8Array(bodyStart + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  views.forEach((view, i) => {
    const at = bodyStart + buffers[i].offset;
    if ('selection' in view) {
      const n = view.selection.rows.length;
      gatherInto(view.selection, view.selection.source.kind === 'category' ? new Int32Array(out.buffer, at, n) : new Float64Array(out.buffer, at, n));
    } else {
      out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), at);
    }
  });
  return out;
}

export function decodePortValue(bytes: Uint8Array): PortValue {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('Not an encoded Pipewright port value (bad magic bytes).');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Header;
  const bodyStart = align8(8 + headerLength);
  const sliceBuffer = (index: number, bytesPerElement: number): Uint8Array => {
    const { offset, byteLength } = header.buffers[index];
    const start = bodyStart + offset;
    // Zero-copy when aligned (the common case: a fresh buffer); otherwise copy into an aligned one.
    const aligned = (bytes.byteOffset + start) % bytesPerElement === 0;
    return aligned ? bytes.subarray(start, start + byteLength) : bytes.slice(start, start + byteLength);
  };
  const decodeTable = (table: EncodedTable): Table => ({
    rowCount: table.rowCount,
    columns: table.columns.map((col): Column => {
      if (col.kind !== 'category') {
        const raw = sliceBuffer(col.buffer, 8);
        return valuesColumn(col.kind, col.name, new Float64Array(raw.buffer, raw.byteOffset, raw.byteLength / 8));
      }
      const raw = sliceBuffer(col.buffer, 4);
      return { kind: 'category', name: col.name, codes: new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4), dictionary: col.dictionary };
    }),
  });
  const value = header.value;
  if (value.kind === 'table') return { kind: 'table', table: decodeTable(value.table), ...extrasOf(value) };
  if (value.kind === 'split') return { kind: 'split', train: decodeTable(value.train), test: decodeTable(value.test), fitted: value.fitted, ...extrasOf(value) };
  // Models Train v1 stored (TensorFlow.js logistic regression) are converted here, where every stored model is read.
  if (value.kind === 'model') return upgradeTrainV1Model({ ...value, artifact: restoreTypedArrays(value.artifact, sliceBuffer) as ModelValue['artifact'] });
  return value;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

type ColumnSummary = { name: string; kind: Column['kind']; missing: number };
export type PortSummary =
  | { kind: 'table'; rows: number; columns: ColumnSummary[]; checks?: RuleCheck[] }
  | { kind: 'split'; trainRows: number; testRows: number; columns: ColumnSummary[]; fittedSteps: string[] }
  | {
      kind: 'model';
      algorithm: string;
      task: ModelValue['task'];
      target: string;
      classes: string[];
      features: number;
      finalLoss: number | null;
      /** The learning curve, thinned to at most HISTORY_POINTS epochs. */
      history: ModelValue['history'];
      crossValidation?: ModelValue['crossValidation'];
      /** For the model card: how it was fitted and where it comes from. */
      hyperparameters: ModelValue['hyperparameters'];
      training?: ModelValue['training'];
      metrics?: ModelValue['metrics'];
      lineage?: ModelValue['lineage'];
    }
  | MetricsSummary
  | ComparisonValue;

const HISTORY_POINTS = 100;

/** A small JSON summary for the canvas badge of a node's output. */
export function summarizePortValue(value: PortValue): PortSummary {
  const columnsOf = (table: Table) => table.columns.map((col) => ({ name: col.name, kind: col.kind, missing: countMissing(col) }));
  switch (value.kind) {
    case 'table':
      return { kind: 'table', rows: value.table.rowCount, columns: columnsOf(value.table), ...(value.checks ? { checks: value.checks } : {}) };
    case 'split':
      return { kind: 'split', trainRows: value.train.rowCount, testRows: value.test.rowCount, columns: columnsOf(value.train), fittedSteps: value.fitted.map((f) => f.type) };
    case 'model':
      return {
        kind: 'model',
        algorithm: value.algorithm,
        task: value.task,
        target: value.target,
        classes: value.classes,
        features: value.features.length,
        finalLoss: value.history.at(-1)?.loss ?? null,
        history: strided(value.history, HISTORY_POINTS),
        ...(value.crossValidation ? { crossValidation: value.crossValidation } : {}),
        hyperparameters: value.hyperparameters,
        ...(value.training ? { training: value.training } : {}),
        ...(value.metrics ? { metrics: value.metrics } : {}),
        ...(value.lineage ? { lineage: value.lineage } : {}),
      };
    case 'metrics':
      return summarizeMetrics(value);
    case 'comparison':
      return summarizeComparison(value);
  }
}
