import { Link } from '@remix-run/react';

/** The pipelines that read a dataset, as comma-separated links to their editors. */
export function PipelineLinks({ pipelines }: { pipelines: { id: string; name: string }[] }) {
  return pipelines.map((p, i) => (
    <span key={p.id}>
      {i > 0 && ', '}
      <Link to={`/pipelines/${p.id}`} className="text-indigo-700 hover:underline">
        {p.name}
      </Link>
    </span>
  ));
}
