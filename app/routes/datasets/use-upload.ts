import { useCallback, useRef, useState } from 'react';

export type UploadResult = { datasetId: string; label: string; rowCount: number; columnCount: number };
export type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; fileName: string; loaded: number; total: number }
  | { phase: 'parsing'; fileName: string }
  | { phase: 'done'; fileName: string; result: UploadResult }
  | { phase: 'failed'; fileName: string; error: string };

/**
 * Sends a file to /api/datasets with XMLHttpRequest, whose upload events report progress (fetch has none),
 * then waits in 'parsing' until the server has parsed, profiled and stored it.
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
      xhr.upload.onload = () => setState({ phase: 'parsing', fileName });
      xhr.onerror = () => setState({ phase: 'failed', fileName, error: 'Could not reach the server to upload the file. Check your connection and try again.' });
      xhr.onload = () => {
        const body = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300 && body && !body.error) {
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
      xhr.send(form);
    },
    [onDone],
  );

  return { state, upload };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
