import { useRevalidator } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { requestGraphQL } from '~/canvas/graphql-client';
import { Button } from '~/components/ui/button';
import { Modal } from '~/components/ui/modal';

type Team = { id: string; name: string; role: string; active: boolean };
type Result = { name: string; teamName: string; readsDatasets: string[]; copiedDatasets: string[] };

const TEAMS = /* GraphQL */ `query { myTeams { id name role active } }`;
const MUTATION = {
  pipeline: /* GraphQL */ `mutation ($id: ID!, $to: ID!, $mode: TransferMode!, $datasets: Boolean) { transferPipeline(id: $id, toTeamId: $to, mode: $mode, copyDatasets: $datasets) { name teamName readsDatasets copiedDatasets } }`,
  dataset: /* GraphQL */ `mutation ($id: ID!, $to: ID!, $mode: TransferMode!) { transferDataset(id: $id, toTeamId: $to, mode: $mode) { name teamName readsDatasets copiedDatasets } }`,
};

/**
 * "Move or copy" for one pipeline or dataset: to another team where the user is at least an editor. A
 * pipeline copy takes the uploads it reads along by default, so it runs in the other team as it is.
 */
export function TransferControl({ kind, id, name }: { kind: 'pipeline' | 'dataset'; id: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [to, setTo] = useState('');
  const [mode, setMode] = useState<'copy' | 'move'>('copy');
  const [withDatasets, setWithDatasets] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const revalidator = useRevalidator();

  useEffect(() => {
    if (!open) return;
    requestGraphQL<{ myTeams: Team[] }>(TEAMS, {})
      .then(({ myTeams }) => {
        const targets = myTeams.filter((t) => !t.active && t.role !== 'viewer');
        setTeams(targets);
        setTo(targets[0]?.id ?? '');
      })
      .catch((e: Error) => setError(e.message));
  }, [open]);

  const close = () => {
    setOpen(false);
    setDone(null);
    setError(null);
  };

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const variables = kind === 'pipeline' ? { id, to, mode, datasets: mode === 'copy' && withDatasets } : { id, to, mode };
      const data = await requestGraphQL<Record<string, Result>>(MUTATION[kind], variables);
      setDone(Object.values(data)[0]!);
      if (mode === 'move') revalidator.revalidate();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {/* Styled as the row actions beside it (Rename, Delete) on the pipelines and datasets lists. */}
      <button type="button" aria-label={`Move or copy ${name}`} onClick={() => setOpen(true)} className="whitespace-nowrap rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
        Move or copy
      </button>
      {open ? (
        <Modal label={`Move or copy ${name}`} onCancel={close} className="w-96 space-y-3">
          <h2 className="text-base font-medium">Move or copy “{name}”</h2>
          {error ? <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{error}</p> : null}
          {done ? (
            <div role="status" className="space-y-1 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              <p>{`${mode === 'move' ? 'Moved' : 'Copied'} to ${done.teamName} as “${done.name}”.`}</p>
              {done.copiedDatasets.length ? <p>{`It reads ${done.copiedDatasets.join(', ')} in ${done.teamName}.`}</p> : null}
              {done.readsDatasets.length ? <p>{`It reads ${done.readsDatasets.join(', ')} from this team: move or copy ${done.readsDatasets.length === 1 ? 'that dataset' : 'those datasets'} too, then point its Dataset nodes at the copies.`}</p> : null}
            </div>
          ) : teams === null ? (
            <p className="text-sm text-slate-500">Loading your teams…</p>
          ) : teams.length === 0 ? (
            <p className="text-sm text-slate-600">You are an editor in no other team. Create one or ask to be invited (Team settings).</p>
          ) : (
            <>
              <label className="block text-xs font-medium text-slate-700">
                To team
                <select value={to} onChange={(e) => setTo(e.target.value)} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm">
                  {teams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                </select>
              </label>
              <label className="block text-xs font-medium text-slate-700">
                Action
                <select value={mode} onChange={(e) => setMode(e.target.value as 'copy' | 'move')} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm">
                  <option value="copy">Copy (this team keeps it)</option>
                  <option value="move">Move (with its {kind === 'pipeline' ? 'runs and schedules' : 'versions'})</option>
                </select>
              </label>
              {kind === 'pipeline' && mode === 'copy' ? (
                <label className="flex items-start gap-2 text-sm text-slate-700">
                  <input type="checkbox" checked={withDatasets} onChange={(e) => setWithDatasets(e.target.checked)} className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600" />
                  Copy the uploaded datasets it reads too (the copy then reads them in that team)
                </label>
              ) : null}
            </>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={close}>{done ? 'Close' : 'Cancel'}</Button>
            {!done && teams?.length ? <Button variant="primary" disabled={busy || !to} onClick={() => void submit()}>{mode === 'move' ? 'Move' : 'Copy'}</Button> : null}
          </div>
        </Modal>
      ) : null}
    </>
  );
}
