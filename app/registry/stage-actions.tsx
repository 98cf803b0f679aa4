import { Form, useActionData, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { Button } from '~/components/ui/button';
import type { RegistryActionResult } from './models.server';

const NEXT: Record<string, { stage: string; label: string }[]> = {
  none: [
    { stage: 'staging', label: 'Promote to staging' },
    { stage: 'production', label: 'Promote to production' },
    { stage: 'archived', label: 'Archive' },
  ],
  staging: [
    { stage: 'production', label: 'Promote to production' },
    { stage: 'archived', label: 'Archive' },
  ],
  production: [
    { stage: 'staging', label: 'Demote to staging' },
    { stage: 'archived', label: 'Archive' },
  ],
  archived: [
    { stage: 'staging', label: 'Promote to staging' },
    { stage: 'production', label: 'Promote to production' },
  ],
};

/**
 * The stage moves open to a version, with an optional reason kept in the promotion history. A move that
 * succeeded empties the reason, so the next move does not record it again; a refused one keeps it for the retry.
 */
export function StageActions({ version, stage, action }: { version: number; stage: string; action?: string }) {
  const busy = useNavigation().state === 'submitting';
  const result = useActionData<RegistryActionResult>();
  const reason = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (result?.ok && reason.current) reason.current.value = '';
  }, [result]);
  return (
    <Form method="post" action={action} className="flex flex-wrap items-end gap-2" aria-label={`Stage of version ${version}`}>
      <input type="hidden" name="intent" value="stage" />
      <input type="hidden" name="version" value={version} />
      <label className="text-xs text-slate-600">
        Reason (optional)
        <input ref={reason} name="reason" className="ml-1 rounded-md px-2 py-1 text-sm ring-1 ring-inset ring-slate-300" placeholder="why" />
      </label>
      {(NEXT[stage] ?? []).map((move) => (
        <Button key={move.stage} type="submit" name="stage" value={move.stage} size="sm" variant={move.stage === 'production' ? 'primary' : 'secondary'} disabled={busy}>
          {move.label}
        </Button>
      ))}
    </Form>
  );
}
