import { useId } from 'react';
import { z } from 'zod';
import { familiesFor, getModelFamily, MODEL_FAMILIES } from '../../engine/training/model-families';
import type { ModelFamily, Task } from '../../engine/training/model-family';
import type { ColumnSchema } from '../../engine/table';
import { Field, inputClass } from '../components/ui/field';
import type { ParamSchema } from './param-schema';

/** The task a target column gives (as Train infers it), or undefined when it gives none yet. */
export function taskOfColumn(column: ColumnSchema | undefined): Task | undefined {
  if (column?.kind === 'category') return 'classification';
  if (column?.kind === 'number') return 'regression';
  return undefined;
}

/** The family a `hyperparameters` field describes: the picked one, else the task's default. */
export function familyForForm(picked: unknown, task: Task | undefined): ModelFamily | undefined {
  const family = typeof picked === 'string' ? getModelFamily(picked) : undefined;
  return family ?? (task ? familiesFor(task)[0] : undefined);
}

const schemas = new WeakMap<ModelFamily, ParamSchema>();

/** A family's hyperparameters as JSON Schema with UI hints, for the generic form. */
export function familySchema(family: ModelFamily): ParamSchema {
  let schema = schemas.get(family);
  if (!schema) {
    schema = z.toJSONSchema(family.params, { io: 'input', unrepresentable: 'any' }) as ParamSchema;
    schemas.set(family, schema);
  }
  return schema;
}

/**
 * Model type picker: only the families that learn the target's task, with "Default (…)" for none picked,
 * and the task itself, so users see what Train will do with their target.
 */
export function ModelField({ label, prop, value, target, onChange }: { label: string; prop: ParamSchema; value: unknown; target: ColumnSchema | undefined; onChange: (value: string | undefined) => void }) {
  const id = useId();
  const task = taskOfColumn(target);
  const offered = task ? familiesFor(task) : MODEL_FAMILIES;
  const chosen = typeof value === 'string' ? getModelFamily(value) : undefined;
  const refused = chosen && !offered.includes(chosen);
  const taskNote = task ? `Task: ${task} (from '${target!.name}').` : 'Pick the target column to see the task.';
  return (
    <Field id={id} label={label} help={[taskNote, prop.description].filter(Boolean).join(' ')}>
      <select id={id} className={inputClass} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
        <option value="">{offered[0] ? `Default (${offered[0].title})` : 'Default'}</option>
        {refused ? <option value={chosen.id}>{chosen.title} (cannot learn {task})</option> : null}
        {offered.map((family) => (
          <option key={family.id} value={family.id}>
            {family.title}
          </option>
        ))}
      </select>
    </Field>
  );
}
