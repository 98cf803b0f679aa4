import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { findViewer } from '~/session.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  return redirect((await findViewer(request, context)) ? '/pipelines' : '/login');
}
