import { Link } from '@remix-run/react';
import { useState, type FormEvent } from 'react';
import { GraphQLRequestError, requestGraphQL } from '~/canvas/graphql-client';
import { Button } from '~/components/ui/button';
import { inputClass } from '~/components/ui/field';

const MODEL_NAMES = `query { models { name } }`;
const REGISTER = `mutation ($runId: ID!, $nodeId: String!, $name: String!) { registerModel(runId: $runId, nodeId: $nodeId, name: $name) { model version } }`;

/**
 * "Register model" under a Train node's results (or a Compare node's, for its best model: `nodeId` is then
 * that model's Train node and `label` says which): pick an existing model name (offered as you type) or a
 * new one; the model becomes that name's next version.
 */
export function RegisterModelForm({ runId, nodeId, label = 'Register model' }: { runId: string; nodeId: string; label?: string }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [names, setNames] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ model: string; version: number } | null>(null);
  const listId = `model-names-${nodeId}`;

  async function start() {
    setOpen(true);
    setError(null);
    const data = await requestGraphQL<{ models: { name: string }[] }>(MODEL_NAMES, {}).catch(() => ({ models: [] }));
    setNames(data.models.map((m) => m.name));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const data = await requestGraphQL<{ registerModel: { model: string; version: number } }>(REGISTER, { runId, nodeId, name: name.trim() });
      setDone(data.registerModel);
      setOpen(false);
    } catch (e) {
      setError(e instanceof GraphQLRequestError ? e.message : 'Could not register the model; try again.');
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-2 py-1.5 text-xs text-emerald-800">
        Registered as{' '}
        <Link className="font-medium underline" to={`/models/${encodeURIComponent(done.model)}/${done.version}`}>
          {done.model} version {done.version}
        </Link>
        .
      </p>
    );
  }
  if (!open) {
    return (
      <Button size="sm" onClick={start}>
        {label}
      </Button>
    );
  }
  return (
    <form onSubmit={submit} aria-label="Register model" className="space-y-2 rounded-md bg-slate-50 p-2 ring-1 ring-inset ring-slate-200">
      <label htmlFor={`register-${nodeId}`} className="block text-xs font-medium text-slate-700">
        Model name
      </label>
      <input id={`register-${nodeId}`} list={listId} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. churn-model" required autoFocus className={inputClass} />
      <datalist id={listId}>
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <p className="text-[11px] text-slate-500">An existing name adds the next version; a new name creates the model.</p>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="primary" disabled={busy || !name.trim()}>
          Register
        </Button>
        <Button size="sm" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
