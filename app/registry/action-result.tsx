import type { RegistryActionResult } from './models.server';

/** What the last stage change, rollback or gate edit did: a status, or an alert with every failing gate. */
export function ActionResult({ result }: { result: RegistryActionResult | undefined }) {
  if (!result) return null;
  return (
    <div role={result.ok ? 'status' : 'alert'} className={`rounded-md px-3 py-2 text-sm ${result.ok ? 'bg-emerald-50 text-emerald-700' : 'bg-rose-50 text-rose-700'}`}>
      {result.message}
    </div>
  );
}
