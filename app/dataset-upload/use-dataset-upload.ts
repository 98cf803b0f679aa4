import { useCallback, useRef, useState } from 'react';
import type { StoredDatasetRef } from '../../engine/define-node';
import { DATASET_EXTENSIONS } from '../../engine/io/detect-format';
import type { TableSchema } from '../../engine/table';

/** The file picker's filter: every extension the server reads (the server checks again). */
export const DATASET_ACCEPT = Object.keys(DATASET_EXTENSIONS).map((e) => `.${e}`).join(',');

/** The new dataset version, as POST /api/datasets answers it. */
export type UploadResult = { datasetId: string; ref: StoredDatasetRef; label: string; schema: TableSchema; rowCount: number; columnCount: number };
export type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; fileName: string; loaded: number; total: number }
  | { phase: 'parsing'; fileName: string; done: number; total: number }
  | { phase: 'done'; fileName: string; result: UploadResult }
  | { phase: 'failed'; fileName: string; error: string };

type Line = { type?: string; done?: number; total?: number; status?: number; error?: unknown } & Record<string, unknown>;

/**
 * Uploads a dataset file for the Datasets page and the canvas's Dataset node alike.
 * Sends a file to /api/datasets with XMLHttpRequest, whose upload events report progress (fetch has none),
 * asking for the NDJSON answer: parse progress lines while the server reads the file, then the outcome.
 * Refusals before the parse (too large, busy, not signed in) come back as plain JSON with their status.
 */
export function useDatasetUpload(onDone: (result: UploadResult) => void) {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const current = useRef<XMLHttpRequest | null>(null);

  const upload = useCallback(
    (file: File) => {
      current.current?.abort();
      const xhr = new XMLHttpRequest();
      current.current = xhr;
      const fileName = file.name;
      setState({ phase: 'uploading', fileName, loaded: 0, total: file.size });
      xhr.upload.onprogress = (e) => setState({ phase: 'uploading', fileName, loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
      // The body is sent; what remains is the server reading it.
      xhr.upload.onload = () => setState({ phase: 'parsing', fileName, done: 0, total: 0 });
      xhr.onprogress = () => {
        const progress = lastLine(xhr.responseText, 'progress');
        if (progress) setState({ phase: 'parsing', fileName, done: progress.done ?? 0, total: progress.total ?? 0 });
      };
      xhr.onerror = () => setState({ phase: 'failed', fileName, error: 'Could not reach the server to upload the file. Check your connection and try again.' });
      xhr.onload = () => {
        const body = outcome(xhr);
        if (body && body.type !== 'error' && !body.error) {
          const result = body as unknown as UploadResult;
          setState({ phase: 'done', fileName, result });
          onDone(result);
        } else {
          const error = typeof body?.error === 'string' ? body.error : `The upload failed (${xhr.status} ${xhr.statusText}).`;
          setState({ phase: 'failed', fileName, error });
        }
      };
      const form = new FormData();
      form.append('file', file);
      xhr.open('POST', '/api/datasets');
      xhr.setRequestHeader('Accept', 'application/x-ndjson, application/json');
      xhr.send(form);
    },
    [onDone],
  );

  return { state, upload };
}

/** The final answer: the last NDJSON line, or the plain JSON body of a refusal. */
function outcome(xhr: XMLHttpRequest): Line | undefined {
  return (xhr.getResponseHeader('Content-Type') ?? '').includes('ndjson') ? lastLine(xhr.responseText) : parseLine(xhr.responseText);
}

/** The last complete line (of `type`, when given) of a partly received NDJSON text. */
function lastLine(text: string, type?: string): Line | undefined {
  const lines = text.split('\n');
  lines.pop(); // the part after the last newline is incomplete
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = parseLine(lines[i]!);
    if (line && (type === undefined || line.type === type)) return line;
  }
  return undefined;
}

function parseLine(text: string): Line | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Line) : undefined;
  } catch {
    return undefined;
  }
}
