import { useId, useRef, useState } from 'react';
import type { StoredDatasetRef } from '../../engine/define-node';
import { Button } from '../components/ui/button';
import { Field, inputClass } from '../components/ui/field';
import { UploadIcon } from '../components/ui/icons';
import { useEditor } from './editor-context';
import { findDataset } from './graph-analysis';
import type { DatasetOption } from './editor-types';
import { DATASET_ACCEPT, uploadDataset } from './upload-dataset';

const keyOf = (ref: StoredDatasetRef) => (ref.source === 'sample' ? `sample:${ref.name}` : `upload:${ref.datasetVersionId}`);

/** Pick a bundled sample or an uploaded dataset, or upload a new file (CSV, TSV, JSON, NDJSON, NPY, Parquet) right here. */
export function DatasetField({ label, value, onChange }: { label: string; value: unknown; onChange: (ref: StoredDatasetRef | undefined) => void }) {
  const { datasets, dispatch } = useEditor();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string>();
  const current = findDataset(datasets, value);
  const samples = datasets.filter((d) => d.ref.source === 'sample');
  const uploads = datasets.filter((d) => d.ref.source === 'upload');
  const option = (d: DatasetOption) => (
    <option key={keyOf(d.ref)} value={keyOf(d.ref)}>
      {d.label}
    </option>
  );

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    setError(undefined);
    try {
      const dataset = await uploadDataset(file);
      dispatch({ type: 'datasetAdded', dataset });
      onChange(dataset.ref);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const help = current
    ? `${current.rowCount.toLocaleString('en-US')} rows · ${current.columnCount} columns`
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
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      <Button size="sm" onClick={() => fileInput.current?.click()} disabled={uploading}>
        <UploadIcon width={13} height={13} />
        {uploading ? 'Uploading…' : 'Upload a file'}
      </Button>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-2 py-1.5 text-xs text-red-700 ring-1 ring-inset ring-red-200">
          {error}
        </p>
      ) : null}
    </div>
  );
}
