import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { AppHeader } from '~/components/app-header';
import { Button } from '~/components/ui/button';
import { Field, inputClass } from '~/components/ui/field';
import { canEdit } from '../../db/queries/teams';
import { requireViewer } from '~/session.server';
import { deleteOutputs, readStoredOutputs, RETENTION_DAYS, setRetention, StoredOutputsError } from '~/stored-outputs.server';
import { formatBytes, formatCount } from './datasets/format';

export const meta: MetaFunction = () => [{ title: 'Stored outputs · Pipewright' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const stored = await readStoredOutputs(context.services, viewer.team.id);
  // The limits travel with the data: a .server module's exports do not exist in the browser.
  return { viewer: { email: viewer.user.email, teamName: viewer.team.name, canEdit: canEdit(viewer.team) }, stored, limits: RETENTION_DAYS };
}

type ActionResult = { ok: true; message: string } | { ok: false; message: string };

export async function action({ request, context }: ActionFunctionArgs): Promise<ActionResult> {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  try {
    if (form.get('intent') === 'retention') {
      const days = await setRetention(context.services, viewer, form.get('days'));
      return { ok: true, message: `Outputs unused for ${days} ${days === 1 ? 'day' : 'days'} will be deleted.` };
    }
    if (form.get('intent') === 'delete') {
      const freed = await deleteOutputs(context.services, viewer);
      return { ok: true, message: `Deleted ${formatCount(freed.count)} stored ${freed.count === 1 ? 'output' : 'outputs'} (${formatBytes(freed.bytes)} freed).` };
    }
    return { ok: false, message: 'Unknown action: reload the page and try again.' };
  } catch (error) {
    if (error instanceof StoredOutputsError) return { ok: false, message: error.message };
    throw error;
  }
}

export default function StoredOutputs() {
  const { viewer, stored, limits } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [confirming, setConfirming] = useState(false);
  const size = `${formatCount(stored.count)} ${stored.count === 1 ? 'output' : 'outputs'}, ${formatBytes(stored.bytes)}`;
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <main className="mx-auto w-full max-w-xl flex-1 space-y-6 px-6 py-10">
        <div>
          <h1 className="text-2xl font-semibold">Stored outputs</h1>
          <p className="text-sm text-slate-500">
            Runs keep each step's results so a later run can reuse them when nothing it depends on changed. {viewer.teamName} stores {size}.
          </p>
        </div>
        {result && (
          <p role={result.ok ? 'status' : 'alert'} className={`rounded-md px-3 py-2 text-sm ${result.ok ? 'bg-emerald-50 text-emerald-700' : 'bg-rose-50 text-rose-700'}`}>
            {result.message}
          </p>
        )}
        <Form method="post" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="text-base font-medium">Retention</h2>
          <input type="hidden" name="intent" value="retention" />
          <Field id="retention-days" label="Delete outputs unused for (days)" help={`From ${limits.min} to ${limits.max}. Outputs a registered model uses are always kept.`}>
            <input
              id="retention-days"
              name="days"
              type="number"
              min={limits.min}
              max={limits.max}
              required
              defaultValue={stored.retentionDays}
              disabled={!viewer.canEdit}
              aria-describedby="retention-days-help"
              className={inputClass}
            />
          </Field>
          <Button type="submit" variant="primary" disabled={busy || !viewer.canEdit}>
            Save retention
          </Button>
        </Form>
        <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="text-base font-medium">Delete stored outputs</h2>
          <p className="text-sm text-slate-600">Frees the space now. The next run of each pipeline computes every step again.</p>
          {stored.count === 0 ? (
            <p className="text-sm text-slate-500">Nothing is stored yet: outputs appear here after a run.</p>
          ) : confirming ? (
            <Form method="post" onSubmit={() => setConfirming(false)} role="group" aria-label="Confirm deletion" className="space-y-3 rounded-md bg-rose-50 p-3">
              <input type="hidden" name="intent" value="delete" />
              <p className="text-sm text-rose-800">
                Delete {size}? This frees {formatBytes(stored.bytes)} and cannot be undone.
              </p>
              <div className="flex gap-2">
                <Button type="submit" variant="danger" disabled={busy}>
                  Delete {formatBytes(stored.bytes)}
                </Button>
                <Button onClick={() => setConfirming(false)}>Cancel</Button>
              </div>
            </Form>
          ) : (
            <Button variant="danger" disabled={!viewer.canEdit} onClick={() => setConfirming(true)}>
              Delete stored outputs…
            </Button>
          )}
        </section>
      </main>
    </div>
  );
}
