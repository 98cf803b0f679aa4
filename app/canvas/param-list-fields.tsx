import { useId, useState } from 'react';
import { Field, inputClass } from '../components/ui/field';
import { helpOf, humanizeChoice, type FieldProps } from './param-fields';

/** A short list of words (e.g. missing-value markers) typed as one line, separated by spaces or commas. */
export function WordListField({ label, prop, value, onChange }: FieldProps<string[]>) {
  const id = useId();
  // Local text, so a trailing space survives while the next word is typed.
  const [text, setText] = useState((value ?? []).join(' '));
  return (
    <Field id={id} label={label} help={helpOf(prop)}>
      <input
        id={id}
        type="text"
        spellCheck={false}
        className={`${inputClass} font-mono text-xs`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.split(/[\s,]+/).filter((w) => w !== ''));
        }}
      />
    </Field>
  );
}

/** Several of a fixed set of choices, as checkboxes. */
export function ChoicesField({ label, prop, value, choices, onChange }: FieldProps<unknown[]> & { choices: unknown[] }) {
  const id = useId();
  const selected = new Set(value ?? []);
  return (
    <div role="group" aria-labelledby={`${id}-label`} className="space-y-1">
      <span id={`${id}-label`} className="text-xs font-medium text-slate-700">
        {label}
      </span>
      <div className="flex flex-wrap gap-x-3 gap-y-1">
        {choices.map((c) => (
          <label key={String(c)} className="flex cursor-pointer items-center gap-1.5 text-sm text-slate-800">
            <input
              type="checkbox"
              className="h-3.5 w-3.5 rounded border-slate-300 text-indigo-600 focus:ring-indigo-500"
              checked={selected.has(c)}
              onChange={(e) => onChange(choices.filter((x) => (x === c ? e.target.checked : selected.has(x))))}
            />
            {typeof c === 'string' ? humanizeChoice(c) : String(c)}
          </label>
        ))}
      </div>
      {prop.description ? <p className="text-xs text-slate-500">{prop.description}</p> : null}
    </div>
  );
}
