import { useEffect, useState } from 'react';
import { formatDateTime } from '../../components/local-time';
import { CheckIcon } from '../../components/ui/icons';
import type { AutosaveStatus } from '../use-autosave';

const timeOf = (d: Date) => formatDateTime(d, { timeOnly: true });

/** Seconds until the next retry, ticking while offline. */
function useSecondsUntil(at: number | undefined) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The toolbar's save state: what is on the server, and what to do when it is not. */
export function SaveStatus({ status, dirty, onOpenConflict }: { status: AutosaveStatus; dirty: boolean; onOpenConflict(): void }) {
  const seconds = useSecondsUntil(status.kind === 'offline' ? status.retryAt : undefined);
  let text: string;
  let tone = 'text-slate-500';
  let title: string | undefined;
  switch (status.kind) {
    case 'saving':
      text = 'Saving…';
      break;
    case 'offline':
      text = `Offline: edits kept, retrying${seconds ? ` in ${seconds}s` : '…'}`;
      tone = 'text-amber-700';
      title = 'The server could not be reached. Your edits stay in this tab and are saved as soon as it answers.';
      break;
    case 'conflict':
      return (
        <button type="button" onClick={onOpenConflict} className="text-xs font-medium text-red-600 underline">
          <span aria-live="polite">Conflict: changed elsewhere</span>
        </button>
      );
    case 'invalid':
      text = 'Not saved: see problems';
      tone = 'text-red-600';
      title = status.message;
      break;
    case 'saved':
      text = dirty ? 'Unsaved changes' : 'Saved';
      tone = dirty ? 'text-amber-600' : tone;
      break;
    default:
      text = dirty ? 'Unsaved changes' : 'Saved';
      tone = dirty ? 'text-amber-600' : tone;
  }
  return (
    <span className={`flex items-center gap-1 whitespace-nowrap text-xs ${tone}`} title={title}>
      {!dirty && (status.kind === 'saved' || status.kind === 'idle') ? <CheckIcon width={12} height={12} /> : null}
      <span aria-live="polite">{text}</span>
      {status.kind === 'saved' && !dirty ? <time dateTime={status.at.toISOString()}>at {timeOf(status.at)}</time> : null}
    </span>
  );
}
