import { AlertIcon } from '../components/ui/icons';

/** Shown while a run waits and no worker is live: nothing will happen until one starts. */
export function NoWorkerBanner() {
  return (
    <div role="alert" className="flex shrink-0 items-start gap-2 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
      <AlertIcon width={16} height={16} className="mt-0.5 shrink-0" aria-hidden="true" />
      <p>
        <strong className="font-semibold">No worker is running, so this run is waiting.</strong> Start one: <code>npm start</code> forks{' '}
        <code>WORKERS</code> worker processes (at least 1), or run <code>tsx worker/main.ts</code> next to the server. The run continues as soon
        as a worker is up; if workers keep stopping, check their logs.
      </p>
    </div>
  );
}
