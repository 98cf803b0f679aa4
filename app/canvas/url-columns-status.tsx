import type { UrlDatasetRef } from '../../engine/define-node';
import { Button } from '../components/ui/button';
import { useEditor } from './editor-context';
import { urlSchemaKey } from './editor-types';

/** Under a Fetch node's settings: whether its URL's columns are known, and a button to read them again. */
export function UrlColumnsStatus({ urlRef }: { urlRef: UrlDatasetRef }) {
  const { urlSchemas, readUrlColumns } = useEditor();
  const state = urlSchemas[urlSchemaKey(urlRef)];
  const text =
    state?.status === 'reading'
      ? 'Reading columns…'
      : state?.status === 'read'
        ? `${state.schema.columns.length} ${state.schema.columns.length === 1 ? 'column' : 'columns'} read.`
        : state?.status === 'failed'
          ? 'Could not read the columns (see the problem above).'
          : 'Columns are read once the address stops changing.';
  return (
    <div className="flex items-center justify-between gap-2">
      <p role="status" aria-label="URL columns" className={`text-xs ${state?.status === 'failed' ? 'text-red-700' : 'text-slate-600'}`}>
        {text}
      </p>
      <Button size="sm" disabled={state?.status === 'reading'} onClick={() => readUrlColumns(urlRef)}>
        Read columns
      </Button>
    </div>
  );
}
