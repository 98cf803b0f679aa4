import { useEffect, useId, useState } from 'react';
import type { ColumnSchema } from '../../engine/table';
import { Field, inputClass } from '../components/ui/field';
import type { ParamSchema } from './param-schema';
import { NOT_CONNECTED } from './upstream-status';

export type FieldProps<T> = { label: string; prop: ParamSchema; value: T | undefined; onChange: (value: T | undefined) => void };

export const helpOf = (prop: ParamSchema) => prop.description;

/** `labels` names choices whose value is not fit to show (e.g. a rule kind's `range` as "Value range"). */
export function SelectField({ label, prop, value, choices, labels, onChange }: FieldProps<unknown> & { choices: unknown[]; labels?: Record<string, string> }) {
  const id = useId();
  const index = choices.findIndex((c) => c === value);
  return (
    <Field id={id} label={label} help={helpOf(prop)}>
      <select
        id={id}
        className={inputClass}
        value={index < 0 ? '' : String(choices[index])}
        onChange={(e) => onChange(e.target.value === '' ? undefined : choices.find((c) => String(c) === e.target.value))}
        aria-describedby={prop.description ? `${id}-help` : undefined}
      >
        {index < 0 ? <option value="">Choose…</option> : null}
        {choices.map((c) => (
          <option key={String(c)} value={String(c)}>
            {labels?.[String(c)] ?? (typeof c === 'string' ? humanizeChoice(c) : String(c))}
          </option>
        ))}
      </select>
    </Field>
  );
}

const operatorWords: Record<string, string> = {
  eq: 'equals',
  neq: 'does not equal',
  lt: 'is less than',
  lte: 'is at most',
  gt: 'is greater than',
  gte: 'is at least',
  is_missing: 'is missing',
  not_missing: 'is not missing',
};

/** A setting's text in its input: empty when it is unset, whether absent or null (a nullable setting such as Max depth). */
const inputText = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export function humanizeChoice(c: string) {
  if (operatorWords[c]) return operatorWords[c];
  return c.includes(' ') || /[A-Z]/.test(c) ? c : (c.charAt(0).toUpperCase() + c.slice(1)).replace(/[-_]/g, ' ');
}

/** A value that may be a number or text (e.g. a filter's comparison value): numeric text becomes a number. */
export function FlexField({ label, prop, value, onChange }: FieldProps<string | number>) {
  const id = useId();
  return (
    <Field id={id} label={label} help={helpOf(prop)}>
      <input
        id={id}
        type="text"
        className={inputClass}
        value={inputText(value)}
        onChange={(e) => {
          const text = e.target.value;
          if (text.trim() === '') onChange(undefined);
          else onChange(/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text);
        }}
      />
    </Field>
  );
}

export function NumberField({ label, prop, value, onChange, integer }: FieldProps<number> & { integer: boolean }) {
  const id = useId();
  const [draft, setDraft] = useState(inputText(value));
  useEffect(() => {
    if (value == null ? draft !== '' : Number(draft) !== value) setDraft(inputText(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const max = prop.maximum !== undefined && prop.maximum < Number.MAX_SAFE_INTEGER ? prop.maximum : undefined;
  const min = prop.minimum !== undefined && prop.minimum > Number.MIN_SAFE_INTEGER ? prop.minimum : prop.exclusiveMinimum;
  const range = min !== undefined && max !== undefined ? `Between ${min} and ${max}.` : undefined;
  return (
    <Field id={id} label={label} help={[prop.description, range].filter(Boolean).join(' ') || undefined}>
      <input
        id={id}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        className={inputClass}
        value={draft}
        min={min}
        max={max ?? prop.exclusiveMaximum}
        step={prop.multipleOf ?? (integer ? 1 : 'any')}
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value.trim() === '') onChange(undefined);
          else if (Number.isFinite(e.target.valueAsNumber)) onChange(e.target.valueAsNumber);
        }}
      />
    </Field>
  );
}

export function TextField({ label, prop, value, onChange }: FieldProps<string>) {
  const id = useId();
  return (
    <Field id={id} label={label} help={helpOf(prop)}>
      <input id={id} type="text" className={inputClass} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />
    </Field>
  );
}

export function CheckboxField({ label, prop, value, onChange }: FieldProps<boolean>) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-500"
        checked={value ?? false}
        onChange={(e) => onChange(e.target.checked)}
      />
      <div>
        <label htmlFor={id} className="text-sm text-slate-800">
          {label}
        </label>
        {prop.description ? <p className="text-xs text-slate-500">{prop.description}</p> : null}
      </div>
    </div>
  );
}

export function ColumnField({
  label,
  prop,
  value,
  onChange,
  columns,
  noColumns = NOT_CONNECTED,
}: FieldProps<string> & { columns: ColumnSchema[] | undefined; noColumns?: string }) {
  const id = useId();
  const missing = value !== undefined && columns !== undefined && !columns.some((c) => c.name === value);
  return (
    <Field id={id} label={label} help={columns ? helpOf(prop) : noColumns}>
      <select
        id={id}
        className={inputClass}
        value={value ?? ''}
        disabled={!columns && value === undefined}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">Choose a column…</option>
        {missing || (!columns && value !== undefined) ? <option value={value}>{value} (not found)</option> : null}
        {(columns ?? []).map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function JsonField({ label, prop, value, onChange }: FieldProps<unknown>) {
  const id = useId();
  const [draft, setDraft] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [error, setError] = useState<string>();
  return (
    <Field id={id} label={label} help={helpOf(prop)} error={error}>
      <textarea
        id={id}
        rows={3}
        className={`${inputClass} font-mono text-xs`}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
            setError(undefined);
          } catch {
            setError('Not valid JSON yet.');
          }
        }}
      />
    </Field>
  );
}

/** A list of numbers typed as '18, 65': easier than JSON for cut points and the like. */
export function NumberListField({ label, prop, value, onChange }: FieldProps<number[]>) {
  const id = useId();
  const [draft, setDraft] = useState(() => (value ?? []).join(', '));
  const [error, setError] = useState<string>();
  return (
    <Field id={id} label={label} help={helpOf(prop)} error={error}>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        className={inputClass}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          const parts = e.target.value.split(/[,;\s]+/).filter((p) => p !== '');
          const numbers = parts.map(Number);
          const bad = parts.find((_, i) => !Number.isFinite(numbers[i]));
          setError(bad === undefined ? undefined : `'${bad}' is not a number. Separate numbers with commas, e.g. 18, 65.`);
          if (bad === undefined) onChange(numbers);
        }}
      />
    </Field>
  );
}
