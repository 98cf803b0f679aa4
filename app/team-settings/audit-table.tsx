import { LocalTime } from '~/components/local-time';

type AuditRow = {
  id: number;
  at: string;
  action: string;
  actorName: string | null;
  actorEmail: string | null;
  actorTokenName: string | null;
  targetType: string | null;
  targetName: string | null;
  targetId: string | null;
  details: unknown;
};

/** Details read as `key: value` pairs; objects (model metrics, lineage) as compact JSON. */
function describe(details: unknown) {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .filter(([k]) => !k.endsWith('Id'))
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export function AuditTable({ events }: { events: AuditRow[] }) {
  if (events.length === 0) return <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600">No events match. Membership, role, invitation, token, model and deletion changes appear here as they happen.</p>;
  return (
    <table className="w-full rounded-xl border border-slate-200 bg-white text-sm shadow-sm">
      <thead className="border-b border-slate-100 bg-slate-50 text-left text-xs text-slate-500">
        <tr>
          <th className="px-4 py-2 font-medium">When (UTC)</th>
          <th className="px-3 py-2 font-medium">Who</th>
          <th className="px-3 py-2 font-medium">Action</th>
          <th className="px-3 py-2 font-medium">Target</th>
          <th className="px-4 py-2 font-medium">Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} className="border-b border-slate-100 align-top last:border-0">
            <td className="whitespace-nowrap px-4 py-2 text-slate-500">
              <LocalTime iso={e.at} seconds />
            </td>
            <td className="px-3 py-2">{e.actorTokenName ? `token ${e.actorTokenName}` : (e.actorName ?? 'a deleted user')}{e.actorEmail ? <span className="block text-xs text-slate-400">{e.actorEmail}</span> : null}</td>
            <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
            <td className="px-3 py-2">{e.targetName ?? e.targetId ?? ''}{e.targetType ? <span className="block text-xs text-slate-400">{e.targetType}</span> : null}</td>
            <td className="px-4 py-2 text-xs text-slate-600">{describe(e.details)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
