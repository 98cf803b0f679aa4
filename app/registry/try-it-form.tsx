import { useState, type FormEvent } from 'react';
import { GraphQLRequestError, requestGraphQL } from '~/canvas/graphql-client';
import { Button } from '~/components/ui/button';
import { inputClass } from '~/components/ui/field';
import type { ModelInputSchema } from '../../engine/define-node';

const PREDICT = `query ($model: String!, $version: Int!, $records: [JSON!]!) { predict(model: $model, version: $version, records: $records) { version warnings predictions } }`;

// A value the model could not compute (NaN) arrives as JSON null.
type Prediction = { label: string; probabilities: { label: string; probability: number }[] } | { value: number | null };

/** A record's raw value from its field: numbers as numbers, an empty field as missing. */
function valueOf(kind: string, text: string): unknown {
  if (text.trim() === '') return null;
  return kind === 'number' ? Number(text) : text;
}

/**
 * "Try it": one field per column the version reads (from its input schema), answered by this version. The
 * columns it does not read are named, not asked for: a record may leave them out.
 */
export function TryItForm({ model, version, target, schema }: { model: string; version: number; target: string; schema: ModelInputSchema }) {
  const fields = schema.columns.filter((c) => !c.unused);
  const unused = schema.columns.filter((c) => c.unused).map((c) => c.name);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((c) => [c.name, c.categories?.[0] ?? ''])));
  const [prediction, setPrediction] = useState<Prediction | null>(null);
  /** The fields sent empty with the prediction shown: the model filled them in as in training (or could not). */
  const [sentEmpty, setSentEmpty] = useState<string[]>([]);
  /** What the model read otherwise than it may have been meant (a value it never saw in training). */
  const [warnings, setWarnings] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const record = Object.fromEntries(fields.map((c) => [c.name, valueOf(c.kind, values[c.name] ?? '')]));
      const data = await requestGraphQL<{ predict: { predictions: Prediction[]; warnings: string[] } }>(PREDICT, { model, version, records: [record] });
      setPrediction(data.predict.predictions[0] ?? null);
      setWarnings(data.predict.warnings);
      setSentEmpty(fields.filter((c) => record[c.name] === null).map((c) => c.name));
    } catch (e) {
      setPrediction(null);
      setError(e instanceof GraphQLRequestError ? e.message : 'The prediction failed; try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Try it" className="space-y-3">
      <div className="grid grid-cols-2 gap-3">
        {fields.map((c) => {
          const id = `try-${c.name}`;
          const set = (v: string) => setValues((old) => ({ ...old, [c.name]: v }));
          return (
            <div key={c.name} className="space-y-1">
              <label htmlFor={id} className="block text-xs font-medium text-slate-700">
                {c.name}
              </label>
              {c.categories?.length ? (
                <select id={id} value={values[c.name]} onChange={(e) => set(e.target.value)} className={inputClass}>
                  <option value="">(missing)</option>
                  {c.categories.map((cat) => (
                    <option key={cat}>{cat}</option>
                  ))}
                </select>
              ) : (
                <input id={id} type={c.kind === 'number' ? 'number' : 'text'} step="any" value={values[c.name]} onChange={(e) => set(e.target.value)} placeholder={c.kind === 'date' ? '2024-01-31' : ''} className={inputClass} />
              )}
            </div>
          );
        })}
      </div>
      {unused.length ? (
        <p className="text-xs text-slate-500">
          Not asked for: {unused.join(', ')}. No feature of this model is computed from {unused.length === 1 ? 'it' : 'them'}.
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={busy}>
        Predict
      </Button>
      {error ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      ) : null}
      {prediction ? (
        <section aria-label="Prediction" className="rounded-md bg-slate-50 p-3 text-sm ring-1 ring-inset ring-slate-200">
          {'value' in prediction ? (
            <p>
              Predicted {target}: <strong className="tabular-nums" title={String(prediction.value)}>{prediction.value === null ? 'none' : prediction.value.toLocaleString('en', { maximumSignificantDigits: 6 })}</strong>
            </p>
          ) : (
            <>
              <p>
                Predicted class: <strong>{prediction.label}</strong>
              </p>
              <table className="mt-2 text-xs">
                <caption className="sr-only">Class probabilities</caption>
                <tbody>
                  {prediction.probabilities.map((p) => (
                    <tr key={p.label}>
                      <th scope="row" className="pr-3 text-left font-normal">
                        {p.label}
                      </th>
                      <td className="tabular-nums">{(p.probability * 100).toFixed(1)}%</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {warnings.map((warning) => (
            <p key={warning} role="note" className="mt-2 text-xs text-amber-800">
              {/* One record is sent: its number says nothing here. */}
              {warning.replace(/^Record 1: /, '')}
            </p>
          ))}
          {sentEmpty.length ? (
            <p className="mt-2 text-xs text-amber-800">
              Sent empty: {sentEmpty.join(', ')}. The model’s steps took {sentEmpty.length === 1 ? 'it' : 'them'} as missing, as in training (an Impute fills in its learned value); the fewer real values, the less this prediction says.
            </p>
          ) : null}
        </section>
      ) : null}
    </form>
  );
}
