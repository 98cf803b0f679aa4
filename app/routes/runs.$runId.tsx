import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { editorLinks } from '~/canvas/pipeline-editor';
import { AppHeader } from '~/components/app-header';
import { RunView } from '~/run-page/run-view';
import { loadRunPage } from '~/run-page.server';

export const links: LinksFunction = () => editorLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Run #${data.run.number} of ${data.run.pipelineName} · Pipewright` : 'Run · Pipewright' }];

export function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadRunPage(request, context, params.runId ?? '');
}

export default function RunRoute() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="flex h-screen flex-col">
      <AppHeader email={data.viewer.email} teamName={data.viewer.teamName}>
        <Link to="/runs" className="text-sm text-slate-600 hover:underline">
          Runs
        </Link>
      </AppHeader>
      <RunView key={data.run.id} data={data} />
    </div>
  );
}
