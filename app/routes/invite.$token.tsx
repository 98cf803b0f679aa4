import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { acceptInvite, findInvite } from '../../db/queries/team-invites';
import { HTTP_STATUS } from '../../db/queries/team-result';
import { LocalTime } from '~/components/local-time';
import { Button } from '~/components/ui/button';
import { findViewer, requireViewer } from '~/session.server';

export const meta: MetaFunction = () => [{ title: 'Invitation · Pipewright' }];

const STATUS_TEXT: Record<string, string> = {
  accepted: 'This invitation was already used. Ask a team admin for a new one if you still need to join.',
  revoked: 'This invitation was revoked. Ask a team admin for a new one.',
  expired: 'This invitation has expired. Ask a team admin to invite you again.',
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  const [invite, viewer] = await Promise.all([findInvite(context.services.db, token), findViewer(request, context)]);
  if (!invite) throw new Response('This invitation link is not valid. Check that you copied all of it, or ask for a new one.', { status: 404 });
  const signedInAs = viewer?.user.email ?? null;
  return {
    invite: { teamName: invite.teamName, role: invite.role, email: invite.email, invitedBy: invite.invitedBy, status: invite.status, expiresAt: invite.expiresAt.toISOString() },
    signedInAs,
    path: new URL(request.url).pathname,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const accepted = await acceptInvite(context.services.db, viewer.user, viewer.session.id, params.token ?? '');
  if (!accepted.ok) return json({ error: accepted.error }, { status: HTTP_STATUS[accepted.code] });
  return redirect('/pipelines');
}

export default function Invitation() {
  const { invite, signedInAs, path } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const back = encodeURIComponent(path);
  const otherAddress = signedInAs !== null && signedInAs !== invite.email;
  return (
    <main className="mx-auto w-full max-w-md space-y-4 px-6 py-16">
      <h1 className="text-2xl font-semibold">Join {invite.teamName}</h1>
      <p className="text-sm text-slate-600">
        {invite.invitedBy ?? 'A team admin'} invited {invite.email} to the team <strong>{invite.teamName}</strong> on Pipewright as {invite.role}.
      </p>
      {result?.error ? <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{result.error}</p> : null}
      {invite.status !== 'pending' ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">{STATUS_TEXT[invite.status]}</p>
      ) : signedInAs === null ? (
        <p className="text-sm text-slate-600">
          <Link to={`/login?redirectTo=${back}`} className="font-medium text-indigo-600 hover:underline">Sign in</Link> as {invite.email}, or{' '}
          <Link to={`/signup?redirectTo=${back}`} className="font-medium text-indigo-600 hover:underline">create an account</Link> with that address, to accept.
        </p>
      ) : otherAddress ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {`This invitation is for ${invite.email}, but you are signed in as ${signedInAs}. Sign out and sign in (or sign up) as ${invite.email}, or ask the admin to invite ${signedInAs}.`}
        </p>
      ) : (
        <Form method="post">
          <Button type="submit" variant="primary" disabled={busy}>Accept invitation</Button>
        </Form>
      )}
      <p className="text-xs text-slate-500">
        The link works once
        {invite.status === 'pending' && (
          <>
            , until <LocalTime iso={invite.expiresAt} />
          </>
        )}
        .
      </p>
    </main>
  );
}
