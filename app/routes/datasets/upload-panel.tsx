import { Link } from '@remix-run/react';
import { useId, useState, type DragEvent } from 'react';
import { UploadProgress } from '~/dataset-upload/upload-progress';
import { DATASET_ACCEPT, type UploadState } from '~/dataset-upload/use-dataset-upload';
import { formatCountOf } from '../../../engine/format-count';
import { formatBytes } from './format';

/**
 * Drop a file here or pick one; a name the team already has becomes a new version of that dataset.
 * Shows upload progress, then the server's parse progress, then the result or the server's message.
 */
export function UploadPanel({ state, onFile, maxUploadBytes }: { state: UploadState; onFile: (file: File) => void; maxUploadBytes: number }) {
  const inputId = useId();
  const [over, setOver] = useState(false);
  const busy = state.phase === 'uploading' || state.phase === 'parsing';
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !busy) onFile(file);
  };
  return (
    <section aria-label="Upload a dataset" className="rounded-xl border border-slate-200 bg-white p-4">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center ${over ? 'border-indigo-500 bg-indigo-50' : 'border-slate-300'}`}
      >
        <p className="text-sm text-slate-600">Drop a CSV, TSV, JSON, NDJSON, NPY or Parquet file here, or</p>
        <label htmlFor={inputId} className={`cursor-pointer rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 ${busy ? 'pointer-events-none opacity-60' : ''}`}>
          Choose a file
        </label>
        <input
          id={inputId}
          type="file"
          aria-label="Dataset file"
          accept={DATASET_ACCEPT}
          className="sr-only"
          disabled={busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) onFile(file);
          }}
        />
        <p className="text-xs text-slate-400">Up to {formatBytes(maxUploadBytes)}. A file named like an existing dataset becomes its next version.</p>
      </div>
      <UploadStatus state={state} />
    </section>
  );
}

function UploadStatus({ state }: { state: UploadState }) {
  if (state.phase === 'failed') {
    return (
      <p role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
        {state.error}
      </p>
    );
  }
  if (state.phase === 'done') {
    return (
      <p role="status" className="mt-3 text-sm text-slate-600">
        Uploaded <Link to={`/datasets/${state.result.datasetId}`} className="font-medium text-indigo-600 underline">{state.result.label}</Link>:{' '}
        {formatCountOf(state.result.rowCount, 'row')}, {formatCountOf(state.result.columnCount, 'column')}.
      </p>
    );
  }
  return <UploadProgress state={state} className="mt-3 text-sm text-slate-600" />;
}
