import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useSearchParams } from '@remix-run/react';
import { handleCredentials } from '~/auth-actions.server';
import { AuthForm } from '~/components/auth-form';
import { findViewer } from '~/session.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · Pipewright' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return (await findViewer(request, context)) ? redirect('/pipelines') : null;
}

/** Passes the action's Retry-After (rate limit) through to the page response. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const action = ({ request, context }: ActionFunctionArgs) => handleCredentials(request, context, 'login');

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get('registered') ? 'Account ready. Sign in with the e-mail and password you chose.' : undefined;
  return <AuthForm mode="login" error={data?.error} notice={notice} email={data?.email} redirectTo={params.get('redirectTo') ?? undefined} />;
}
