import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { findPipeline } from '../../db/queries/pipelines';
import { findLatestRun } from '../../db/queries/runs';
import { editorLinks, PipelineEditor } from '~/canvas/pipeline-editor';
import { AppHeader } from '~/components/app-header';
import { referencedUploadIds } from '~/datasets.server';
import { requireViewer } from '~/session.server';

export const links: LinksFunction = () => editorLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.pipeline.name ?? 'Pipeline'} · Pipewright` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const pipeline = await findPipeline(context.services.db, viewer.team.id, params.pipelineId ?? '');
  if (!pipeline) throw new Response('This pipeline does not exist in your team, or it was deleted.', { status: 404, statusText: 'Not found' });
  const [datasets, latestRun] = await Promise.all([
    // Only the schemas this graph needs: others load when picked, so a wide upload cannot bloat every page.
    context.services.datasets.listOptions(viewer.team.id, referencedUploadIds(pipeline.graph)),
    findLatestRun(context.services.db, pipeline.id),
  ]);
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name },
    pipeline: { id: pipeline.id, name: pipeline.name, graph: pipeline.graph, revision: pipeline.revision },
    datasets,
    latestRun: latestRun && { ...latestRun, createdAt: latestRun.createdAt.toISOString(), finishedAt: latestRun.finishedAt?.toISOString() ?? null },
  };
}

export default function PipelineRoute() {
  const { viewer, pipeline, datasets, latestRun } = useLoaderData<typeof loader>();
  return (
    <div className="flex h-screen flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <div className="min-h-0 flex-1">
        <PipelineEditor
          key={pipeline.id}
          pipeline={{ id: pipeline.id, name: pipeline.name, revision: pipeline.revision }}
          initialGraph={pipeline.graph}
          datasets={datasets}
          latestRun={latestRun ?? undefined}
        />
      </div>
    </div>
  );
}
