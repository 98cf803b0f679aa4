import { Link } from '@remix-run/react';
import type { SerializeFrom } from '@remix-run/node';
import type { SystemStatus } from '~/system-status.server';
import { TableHead } from '~/routes/datasets/table-head';

type Status = SerializeFrom<SystemStatus>;

const STATE_STYLE = {
  live: 'bg-emerald-100 text-emerald-800',
  draining: 'bg-amber-100 text-amber-800',
  lost: 'bg-rose-100 text-rose-800',
} as const;

/** "3 s ago", "4 min ago": heartbeats are seconds apart, lost workers up to an hour old. */
export function formatAge(seconds: number) {
  if (seconds < 60) return `${Math.round(seconds)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

export function WorkerTable({ workers }: { workers: Status['workers'] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Workers</caption>
        <TableHead headings={['Worker', 'State', 'Last heartbeat', 'Slots in use', 'Running (your team)']} />
        <tbody className="divide-y divide-slate-100">
          {workers.map((w) => (
            <tr key={w.id} className={w.state === 'lost' ? 'text-slate-400' : undefined}>
              <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-medium" title={w.id}>
                {w.host} · pid {w.pid}
              </th>
              <td className="px-3 py-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATE_STYLE[w.state]}`}>{w.state}</span>
              </td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{formatAge(w.heartbeatAgeSeconds)}</td>
              <td className="px-3 py-2 tabular-nums">
                {w.runningCount} of {w.concurrency}
              </td>
              <td className="px-3 py-2">
                {w.running.length === 0 ? (
                  <span className="text-slate-400">—</span>
                ) : (
                  <ul className="space-y-0.5">
                    {w.running.map((n) => (
                      <li key={`${n.runId}/${n.nodeId}`}>
                        <Link to={`/runs/${n.runId}`} className="text-indigo-700 hover:underline">
                          {n.pipelineName} · {n.nodeId}
                        </Link>{' '}
                        <span className="tabular-nums text-slate-500">{Math.round(n.progress * 100)}%</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function QueueTable({ queues }: { queues: Status['queues'] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Queues</caption>
        <TableHead headings={['Queue', 'Waiting', 'Active', 'Failed']} />
        <tbody className="divide-y divide-slate-100">
          {queues.map((q) => (
            <tr key={q.name}>
              <th scope="row" className="px-3 py-2 text-left font-mono text-xs font-medium">
                {q.name}
              </th>
              <td className="px-3 py-2 tabular-nums">{q.waiting}</td>
              <td className="px-3 py-2 tabular-nums">{q.active}</td>
              <td className={`px-3 py-2 tabular-nums ${q.failed > 0 ? 'text-rose-700' : ''}`}>{q.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
