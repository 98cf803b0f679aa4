import { useId } from 'react';
import type { SampleSpec } from '../../../engine/content-key';

/** The three samples a pipeline can preview on; the random one has a fixed seed so it is reproducible. */
export const SAMPLE_CHOICES: { id: string; label: string; spec: SampleSpec }[] = [
  { id: 'head-1000', label: 'First 1,000 rows', spec: { mode: 'head', rows: 1000 } },
  { id: 'random-1000', label: 'Random 1,000 rows', spec: { mode: 'random', rows: 1000, seed: 1 } },
  { id: 'head-10000', label: 'First 10,000 rows', spec: { mode: 'head', rows: 10_000 } },
];

/** What previews read when the pipeline has no sample setting: the server's default too. */
export const DEFAULT_SAMPLE_CHOICE = SAMPLE_CHOICES[0]!.spec;

const choiceOf = (spec: SampleSpec) =>
  SAMPLE_CHOICES.find((c) => c.spec.mode === spec.mode && c.spec.rows === spec.rows)?.id ?? SAMPLE_CHOICES[0]!.id;

export function SamplePicker({ value, onChange }: { value: SampleSpec; onChange: (spec: SampleSpec) => void }) {
  const id = useId();
  return (
    <span className="flex items-center gap-1.5 text-xs text-slate-600">
      <label htmlFor={id}>Sample</label>
      <select
        id={id}
        className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs"
        value={choiceOf(value)}
        onChange={(e) => onChange(SAMPLE_CHOICES.find((c) => c.id === e.target.value)!.spec)}
      >
        {SAMPLE_CHOICES.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </span>
  );
}
