import { ProgressBar } from '~/components/ui/progress-bar';
import { formatBytes } from '~/routes/datasets/format';
import type { UploadState } from './use-dataset-upload';

/**
 * How far an upload has got: the bytes sent, then how much of the file the server has parsed.
 * Nothing once the upload is done or failed; the caller says what came of it.
 */
export function UploadProgress({ state, className = '' }: { state: UploadState; className?: string }) {
  if (state.phase !== 'uploading' && state.phase !== 'parsing') return null;
  return (
    <div role="status" className={`space-y-1 ${className}`}>
      {state.phase === 'uploading' ? (
        <>
          <p>
            Uploading {state.fileName}… {formatBytes(state.loaded)} of {formatBytes(state.total)}
          </p>
          <ProgressBar value={state.total > 0 ? state.loaded / state.total : undefined} label={`Uploading ${state.fileName}`} />
        </>
      ) : (
        <>
          <p>
            Parsing {state.fileName}…{state.total > 0 && ` ${Math.floor((100 * state.done) / state.total)}%`}
          </p>
          <ProgressBar value={state.total > 0 ? state.done / state.total : undefined} label={`Parsing ${state.fileName}`} />
        </>
      )}
    </div>
  );
}
