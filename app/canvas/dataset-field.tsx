import { useCallback, useId, useRef } from 'react';
import type { StoredDatasetRef } from '../../engine/define-node';
import { Button } from '../components/ui/button';
import { Field, inputClass } from '../components/ui/field';
import { UploadIcon } from '../components/ui/icons';
import { UploadProgress } from '../dataset-upload/upload-progress';
import { DATASET_ACCEPT, useDatasetUpload, type UploadResult } from '../dataset-upload/use-dataset-upload';
import { useEditor } from './editor-context';
import { findDataset } from './graph-analysis';
import type { DatasetOption } from './editor-types';
import { formatCount } from '../../engine/format-count';

const keyOf = (ref: StoredDatasetRef) => (ref.source === 'sample' ? `sample:${ref.name}` : `upload:${ref.datasetVersionId}`);

/** Pick a bundled sample or an uploaded dataset, or upload a new file (CSV, TSV, JSON, NDJSON, NPY, Parquet) right here. */
export function DatasetField({ label, value, onChange }: { label: string; value: unknown; onChange: (ref: StoredDatasetRef | undefined) => void }) {
  const { datasets, dispatch } = useEditor();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const current = findDataset(datasets, value);
  const samples = datasets.filter((d) => d.ref.source === 'sample');
  const uploads = datasets.filter((d) => d.ref.source === 'upload');
  const option = (d: DatasetOption) => (
    <option key={keyOf(d.ref)} value={keyOf(d.ref)}>
      {d.label}
    </option>
  );

  const onUploaded = useCallback(
    (dataset: UploadResult) => {
      dispatch({ type: 'datasetAdded', dataset });
      onChange(dataset.ref);
    },
    [dispatch, onChange],
  );
  const { state, upload } = useDatasetUpload(onUploaded);
  const uploading = state.phase === 'uploading' || state.phase === 'parsing';

  const help = current
    ? `${formatCount(current.rowCount)} rows · ${formatCount(current.columnCount)} columns`
    : value
      ? 'This dataset is no longer available. Choose another.'
      : 'Start with a sample, or upload your own file.';

  return (
    <div className="space-y-2">
      <Field id={id} label={label} help={help}>
        <select
          id={id}
          className={inputClass}
          value={current ? keyOf(current.ref) : ''}
          onChange={(e) => onChange(datasets.find((d) => keyOf(d.ref) === e.target.value)?.ref)}
        >
          <option value="">Choose a dataset…</option>
          {samples.length ? <optgroup label="Samples">{samples.map(option)}</optgroup> : null}
          {uploads.length ? <optgroup label="Your uploads">{uploads.map(option)}</optgroup> : null}
        </select>
      </Field>
      <input
        ref={fileInput}
        type="file"
        accept={DATASET_ACCEPT}
        className="sr-only"
        tabIndex={-1}
        aria-label="Dataset file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) upload(file);
        }}
      />
      <Button size="sm" onClick={() => fileInput.current?.click()} disabled={uploading}>
        <UploadIcon width={13} height={13} />
        {uploading ? 'Uploading…' : 'Upload a file'}
      </Button>
      <UploadProgress state={state} className="text-xs text-slate-600" />
      {state.phase === 'failed' ? (
        <p role="alert" className="rounded-md bg-red-50 px-2 py-1.5 text-xs text-red-700 ring-1 ring-inset ring-red-200">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
