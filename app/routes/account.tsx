import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AppHeader } from '~/components/app-header';
import { Button } from '~/components/ui/button';
import { Field, inputClass } from '~/components/ui/field';
import { handlePasswordChange } from '~/auth-actions.server';
import { NotificationPreferences } from '~/notifications/notification-preferences';
import { listPreferences } from '~/notifications/notifications.server';
import { requireViewer } from '~/session.server';

export const meta: MetaFunction = () => [{ title: 'Account · Pipewright' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name },
    preferences: await listPreferences(context.services.db, viewer.user.id),
    emailEnabled: !!context.services.notifications.smtpUrl,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return handlePasswordChange(request, context, await requireViewer(request, context));
}

export default function Account() {
  const { viewer, preferences, emailEnabled } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <main className="mx-auto w-full max-w-md flex-1 space-y-6 px-6 py-10">
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="!mt-1 text-sm text-slate-500">Signed in as {viewer.email}.</p>
        {/* Re-mounting on success clears the fields. */}
        <Form method="post" key={result?.ok ? 'changed' : 'form'} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="text-base font-medium">Change password</h2>
          <Field id="current-password" label="Current password">
            <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required className={inputClass} />
          </Field>
          <Field id="new-password" label="New password" help="At least 8 characters.">
            <input id="new-password" name="newPassword" type="password" autoComplete="new-password" required className={inputClass} aria-describedby="new-password-help" />
          </Field>
          <Field id="confirm-password" label="Confirm new password">
            <input id="confirm-password" name="confirmPassword" type="password" autoComplete="new-password" required className={inputClass} />
          </Field>
          {result && (
            <p role={result.ok ? 'status' : 'alert'} className={`rounded-md px-3 py-2 text-sm ${result.ok ? 'bg-emerald-50 text-emerald-700' : 'bg-rose-50 text-rose-700'}`}>
              {result.message}
            </p>
          )}
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Changing…' : 'Change password'}
          </Button>
        </Form>
        <NotificationPreferences preferences={preferences} emailEnabled={emailEnabled} />
        <p className="mt-6 text-sm text-slate-600">
          Team settings:{' '}
          <Link to="/settings/outputs" className="text-indigo-600 underline">
            Stored outputs and retention
          </Link>
          {' · '}
          <Link to="/settings/tokens" className="text-indigo-600 underline">
            API tokens
          </Link>
        </p>
      </main>
    </div>
  );
}
