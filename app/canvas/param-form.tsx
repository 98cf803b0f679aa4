import type { DatasetRef, NodeDefinition, NodeInputSchemas } from '../../engine/define-node';
import type { ColumnSchema } from '../../engine/table';
import { Button } from '../components/ui/button';
import { CloseIcon } from '../components/ui/icons';
import { ColumnsField } from './column-list-field';
import { DatasetField } from './dataset-field';
import { ExpressionField } from './expression-field';
import { familyForForm, familySchema, ModelField, taskOfColumn } from './model-fields';
import {
  CheckboxField,
  ColumnField,
  FlexField,
  JsonField,
  NumberField,
  NumberListField,
  SelectField,
  TextField,
} from './param-fields';
import { isFieldShown } from '../../engine/ui-hints';
import { ChoicesField, WordListField } from './param-list-fields';
import { ValuesField } from './param-values-field';
import { blankOf, choicesOf, paramSchemaOf, titleOf, typeOf, variantsOf, type ParamSchema } from './param-schema';

type Props = {
  def: NodeDefinition;
  params: Record<string, unknown>;
  inputSchemas: NodeInputSchemas | undefined;
  /** For nodes without inputs that read a dataset: its columns as stored, so column pickers can offer them. */
  sourceColumns?: ColumnSchema[];
  /** Why a column picker on `port` has no columns (nothing connected, or what is wrong upstream). */
  noColumns?: (port: string | undefined) => string;
  onChange: (params: Record<string, unknown>) => void;
};

type ColumnsFor = ((prop: ParamSchema) => ColumnSchema[] | undefined) & { why?: (prop: ParamSchema) => string | undefined };

/** A form generated from the node type's zod params (as JSON Schema with UI hints): no per-type UI code. */
export function ParamForm({ def, params, inputSchemas, sourceColumns, noColumns, onChange }: Props) {
  const schema = paramSchemaOf(def);
  if (Object.keys(schema.properties ?? {}).length === 0) {
    return <p className="text-sm text-slate-500">This node has no settings.</p>;
  }
  const columnsFor: ColumnsFor = (prop) => {
    const port = prop.port ?? def.inputs[0]?.name;
    if (!port && sourceColumns) return prop.columnKind ? sourceColumns.filter((c) => c.kind === prop.columnKind) : sourceColumns;
    const input = port ? inputSchemas?.[port] : undefined;
    if (!input || (input.kind !== 'table' && input.kind !== 'split')) return undefined;
    return prop.columnKind ? input.schema.columns.filter((c) => c.kind === prop.columnKind) : input.schema.columns;
  };
  columnsFor.why = (prop) => (def.inputs.length ? noColumns?.(prop.port ?? def.inputs[0]?.name) : undefined);
  return <ObjectFields schema={schema} value={params} onChange={onChange} columnsFor={columnsFor} />;
}

function ObjectFields({
  schema,
  value,
  onChange,
  columnsFor,
}: {
  schema: ParamSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  columnsFor: ColumnsFor;
}) {
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[key];
    else next[key] = v;
    // Hyperparameters belong to one model family: picking another starts from its defaults.
    for (const [k, p] of Object.entries(schema.properties ?? {})) if (p.widget === 'hyperparameters' && p.of === key) next[k] = {};
    onChange(next);
  };
  return (
    <div className="space-y-4">
      {Object.entries(schema.properties ?? {})
        .filter(([, prop]) => isFieldShown(prop.shownWhen, value, (field) => schema.properties?.[field]?.default) && fitsTask(prop, value, columnsFor))
        .map(([key, prop]) => (
          <ParamField key={key} name={key} prop={prop} value={value[key] ?? prop.default} siblings={value} onChange={(v) => set(key, v)} columnsFor={columnsFor} />
        ))}
    </div>
  );
}

/** False for a field of the other task than the one the picked target column gives; true while none is picked. */
function fitsTask(prop: ParamSchema, siblings: Record<string, unknown>, columnsFor: ColumnsFor): boolean {
  if (!prop.forTask) return true;
  const target = columnsFor(prop)?.find((c) => c.name === siblings[prop.forTask!.target]);
  const task = taskOfColumn(target);
  return task === undefined || task === prop.forTask.task;
}

function ParamField({
  name,
  prop,
  value,
  siblings,
  onChange,
  columnsFor,
}: {
  name: string;
  prop: ParamSchema;
  value: unknown;
  /** The object this field belongs to, for widgets that depend on another field (`values` of a column). */
  siblings: Record<string, unknown>;
  onChange: (value: unknown) => void;
  columnsFor: ColumnsFor;
}) {
  const label = titleOf(name, prop);
  const common = { label, prop };
  if (prop.widget === 'dataset') return <DatasetField label={label} value={value} onChange={(ref: DatasetRef | undefined) => onChange(ref)} />;
  if (prop.widget === 'column') {
    return <ColumnField {...common} value={value as string | undefined} columns={columnsFor(prop)} noColumns={columnsFor.why?.(prop)} onChange={onChange} />;
  }
  if (prop.widget === 'columns') {
    const except = prop.except ? siblings[prop.except] : undefined;
    const columns = columnsFor(prop)?.filter((c) => c.name !== except);
    return <ColumnsField {...common} value={value as string[] | undefined} columns={columns} noColumns={columnsFor.why?.(prop)} onChange={onChange} />;
  }
  if (prop.widget === 'values') {
    const columnName = prop.of ? siblings[prop.of] : undefined;
    const source = typeof columnName === 'string' ? columnsFor(prop)?.find((c) => c.name === columnName) : undefined;
    return <ValuesField {...common} value={value as string[] | undefined} column={source} onChange={onChange} />;
  }
  if (prop.widget === 'model' || prop.widget === 'hyperparameters') {
    const targetName = prop.target ? siblings[prop.target] : undefined;
    const target = typeof targetName === 'string' ? columnsFor({})?.find((c) => c.name === targetName) : undefined;
    if (prop.widget === 'model') return <ModelField {...common} value={value} target={target} onChange={onChange} />;
    const family = familyForForm(prop.of ? siblings[prop.of] : undefined, taskOfColumn(target));
    if (!family) return null;
    return (
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-xs font-medium text-slate-700">{`${family.title} settings`}</legend>
        <ObjectFields schema={familySchema(family)} value={(value ?? {}) as Record<string, unknown>} onChange={onChange} columnsFor={columnsFor} />
      </fieldset>
    );
  }
  if (prop.widget === 'expression') return <ExpressionField {...common} value={value as string | undefined} columns={columnsFor(prop)} onChange={onChange} />;
  const choices = choicesOf(prop);
  if (choices) return <SelectField {...common} value={value} choices={choices} onChange={onChange} />;
  const alternatives = (prop.anyOf ?? prop.oneOf)?.map((a) => typeOf(a)) ?? [];
  if (alternatives.includes('number') && alternatives.includes('string')) {
    return <FlexField {...common} value={value as string | number | undefined} onChange={onChange} />;
  }
  const type = typeOf(prop);
  if (type === 'number' || type === 'integer') {
    return <NumberField {...common} integer={type === 'integer'} value={value as number | undefined} onChange={onChange} />;
  }
  if (type === 'boolean') return <CheckboxField {...common} value={value as boolean | undefined} onChange={onChange} />;
  if (type === 'string') return <TextField {...common} value={value as string | undefined} onChange={onChange} />;
  const itemChoices = type === 'array' && prop.items ? choicesOf(prop.items) : undefined;
  if (itemChoices) return <ChoicesField {...common} value={value as unknown[] | undefined} choices={itemChoices} onChange={onChange} />;
  if (type === 'array' && prop.items && typeOf(prop.items) === 'string') {
    return <WordListField {...common} value={value as string[] | undefined} onChange={onChange} />;
  }
  if (type === 'array' && prop.items && typeOf(prop.items) === 'number') {
    return <NumberListField {...common} value={Array.isArray(value) ? (value as number[]) : undefined} onChange={onChange} />;
  }
  if (type === 'array' && prop.items && typeOf(prop.items) === 'object') {
    return <ObjectListField label={label} prop={prop} value={Array.isArray(value) ? value : []} onChange={onChange} columnsFor={columnsFor} />;
  }
  if (type === 'object' && prop.properties) {
    return (
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-xs font-medium text-slate-700">{label}</legend>
        <ObjectFields schema={prop} value={(value ?? {}) as Record<string, unknown>} onChange={onChange} columnsFor={columnsFor} />
      </fieldset>
    );
  }
  return <JsonField {...common} value={value} onChange={onChange} />;
}

/**
 * A list of small forms (e.g. filter conditions), with add and remove. When the items are a union of
 * objects told apart by a `const` field (e.g. Validate's rule kinds), each item gets a kind select and
 * the chosen kind's fields; switching kind keeps the fields both kinds share (e.g. the column).
 */
function ObjectListField({
  label,
  prop,
  value,
  onChange,
  columnsFor,
}: {
  label: string;
  prop: ParamSchema;
  value: unknown[];
  onChange: (value: unknown[]) => void;
  columnsFor: ColumnsFor;
}) {
  const item = prop.items!;
  const noun = item.title ?? 'Item';
  const union = variantsOf(item);
  const blank = () => (union ? { [union.key]: union.variants[0]!.value, ...blankOf(union.variants[0]!.schema) } : blankOf(item));
  const replace = (i: number, next: unknown) => onChange(value.map((x, j) => (j === i ? next : x)));
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-xs font-medium text-slate-700">{label}</legend>
      {prop.description ? <p className="text-xs text-slate-500">{prop.description}</p> : null}
      {value.length === 0 ? <p className="text-xs text-slate-500">None yet.</p> : null}
      {value.map((raw, i) => {
        const entry = (raw ?? {}) as Record<string, unknown>;
        const chosen = union?.variants.find((v) => v.value === entry[union.key]);
        return (
          <div key={i} role="group" aria-label={`${noun} ${i + 1}`} className="relative space-y-3 rounded-md bg-slate-50 p-3 pr-9 ring-1 ring-inset ring-slate-200">
            <Button
              size="sm"
              variant="ghost"
              className="absolute right-1 top-1 !px-1.5"
              aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`}
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            >
              <CloseIcon width={12} height={12} />
            </Button>
            {union ? (
              <SelectField
                label={`${noun} ${i + 1} kind`}
                prop={{ description: chosen?.schema.description }}
                value={chosen?.value}
                choices={union.variants.map((v) => v.value)}
                labels={Object.fromEntries(union.variants.map((v) => [v.value, v.title]))}
                onChange={(kind) => {
                  const next = union.variants.find((v) => v.value === kind);
                  if (!next) return;
                  const kept = Object.fromEntries(Object.entries(entry).filter(([k]) => k !== union.key && k in (next.schema.properties ?? {})));
                  replace(i, { [union.key]: next.value, ...blankOf(next.schema), ...kept });
                }}
              />
            ) : null}
            {union && !chosen ? null : (
              <ObjectFields
                schema={chosen?.schema ?? item}
                value={entry}
                onChange={(v) => replace(i, v)}
                columnsFor={columnsFor}
              />
            )}
          </div>
        );
      })}
      <Button size="sm" onClick={() => onChange([...value, blank()])}>
        + Add {noun.toLowerCase()}
      </Button>
    </fieldset>
  );
}
