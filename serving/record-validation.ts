import type { ModelInputSchema, ModelValue } from '../engine/define-node';
import type { ColumnSchema } from '../engine/table';
import { formatCountOf } from '../engine/format-count';
import { MAX_SCHEMA_CATEGORIES } from '../engine/table-ops';
import { namedRecords } from '../engine/training/missing-features';

/**
 * Checks a prediction request body against the model's input schema and returns its records, or every
 * problem found. Records whose problem reads the same (the same kind, column and value found) share one
 * line naming them (1-based), so a batch with one bad column gets a few lines rather than a thousand.
 */
export function validatePredictBody(body: unknown, model: ModelValue, maxRecords: number): { records: Record<string, unknown>[] } | { errors: string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('records' in body)) {
    return { errors: ['The body must be a JSON object with a "records" array, e.g. {"records": [{"column": value, ...}]}.'] };
  }
  const records = (body as { records: unknown }).records;
  if (!Array.isArray(records)) return { errors: [`"records" must be an array of objects; found ${describeValue(records)}.`] };
  if (records.length === 0) return { errors: ['"records" is empty: send at least one record such as {"column": value}.'] };
  const errors: string[] = [];
  if (records.length > maxRecords) {
    errors.push(`"records" holds ${records.length} records; at most ${maxRecords} are accepted per request (PREDICT_MAX_RECORDS). Split them into smaller batches.`);
  }
  const schema = model.inputSchema?.columns;
  if (schema && errors.length === 0 && allRecordsFit(records, schema, model.target)) return { records: records as Record<string, unknown>[] };
  const problems = new Problems();
  const known = new Map((schema ?? []).map((c) => [c.name, c]));
  records.forEach((record, i) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      problems.add('not an object', i, (found) => `not an object with named fields (found ${found}); each record must look like {"column": value, ...}`, describeValue(record));
      return;
    }
    if (!schema) return;
    for (const [key, value] of Object.entries(record)) {
      const column = known.get(key);
      if (column) checkValue(column, value, i, problems);
      else if (key !== model.target) problems.add(`unknown ${key}`, i, () => `unknown column '${key}' (remove it, or check its spelling)`);
    }
    for (const column of schema) {
      if (!column.unused && !Object.hasOwn(record, column.name)) problems.add(`missing ${column.name}`, i, () => `the column '${column.name}' is missing (send null when the value is unknown)`);
    }
  });
  errors.push(...problems.messages());
  if (schema && problems.any((key) => key.startsWith('unknown') || key.startsWith('missing'))) {
    const unused = schema.filter((c) => c.unused).map((c) => `'${c.name}'`);
    errors.push(`This model takes the columns: ${schema.filter((c) => !c.unused).map((c) => `'${c.name}' (${kindName(c)})`).join(', ')}.${unused.length ? ` It does not read ${unused.join(', ')}, which may be left out.` : ''}`);
  }
  return errors.length > 0 ? { errors } : { records: records as Record<string, unknown>[] };
}

/**
 * The common case, checked without building a message: every record an object holding exactly the schema's
 * columns (and perhaps the target), each value of its column's kind. Anything else goes through the full
 * check, which finds every problem.
 */
function allRecordsFit(records: readonly unknown[], schema: ModelInputSchema['columns'], target: string | undefined): boolean {
  const extraTarget = target !== undefined && !schema.some((c) => c.name === target) ? target : undefined;
  for (const record of records) {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return false;
    let keys = 0;
    // Counts inherited enumerable keys too, which only sends such a record to the full check.
    for (const _ in record) keys++;
    let present = 0;
    for (const column of schema) {
      if (!Object.hasOwn(record, column.name)) {
        if (column.unused) continue;
        return false;
      }
      if (!fits(column, (record as Record<string, unknown>)[column.name])) return false;
      present++;
    }
    if (keys !== present + (extraTarget !== undefined && Object.hasOwn(record, extraTarget) ? 1 : 0)) return false;
  }
  return true;
}

/** Whether a value may stand in the column: null, or a value of its kind (checkValue says what is wrong otherwise). */
function fits(column: ColumnSchema, value: unknown): boolean {
  if (value === null) return true;
  if (column.kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (column.kind === 'category') return typeof value === 'string' || (typeof value === 'boolean' && takesBooleans(column));
  return typeof value === 'string';
}

/**
 * Whether true/false may stand in a category column, as their text. A JSON upload reads booleans as the
 * categories 'true' and 'false' (json-records.ts), and a record is read the same way, so a column that learned
 * either takes them; in any other column a boolean is as wrong as a number. A column whose values the model
 * does not list (none seen in training) gives nothing to refuse it by.
 */
export function takesBooleans(column: ColumnSchema): boolean {
  const known = column.categories;
  // A schema lists at most MAX_SCHEMA_CATEGORIES values: past that, 'true' may be among those left out.
  return !known?.length || known.length >= MAX_SCHEMA_CATEGORIES || known.includes('true') || known.includes('false');
}

function checkValue(column: ColumnSchema, value: unknown, row: number, problems: Problems): void {
  if (fits(column, value)) return;
  if (column.kind === 'number') {
    if (typeof value !== 'number') problems.add(`type ${column.name}`, row, (found) => `'${column.name}' must be a number or null, not ${found}`, describeValue(value));
    else problems.add(`finite ${column.name}`, row, () => `'${column.name}' is too large to be a finite number`);
  } else if (column.kind === 'category') {
    const known = column.categories?.length ? ` (known values: ${column.categories.slice(0, 10).map((c) => JSON.stringify(c)).join(', ')})` : '';
    problems.add(`type ${column.name}`, row, (found) => `'${column.name}' must be text or null, not ${found}${known}`, describeValue(value));
  } else {
    problems.add(`type ${column.name}`, row, (found) => `'${column.name}' must be a date as text (e.g. "2024-01-31") or null, not ${found}`, describeValue(value));
  }
}

/** Values found for one problem that get a line each; past it, a batch of distinct wrong values shares one more. */
const QUOTED_FINDINGS = 5;

/**
 * Problems by a key (kind and column), then by what was found, each remembering the records (0-based) it was
 * found in: records share a line only when their whole message is the same, so none is told another's value.
 */
class Problems {
  private groups = new Map<string, { say: (found: string) => string; found: Map<string, number[]> }>();
  add(key: string, row: number, say: (found: string) => string, found = '') {
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { say, found: new Map() }));
    const rows = group.found.get(found);
    if (rows) rows.push(row);
    else group.found.set(found, [row]);
  }
  any(test: (key: string) => boolean) {
    return [...this.groups.keys()].some(test);
  }
  messages(): string[] {
    return [...this.groups.values()].flatMap(({ say, found }) => {
      const findings = [...found];
      const quoted = findings.length > QUOTED_FINDINGS ? findings.slice(0, QUOTED_FINDINGS - 1) : findings;
      const lines = quoted.map(([value, rows]) => `${namedRecords(rows)}: ${say(value)}.`);
      const rest = findings.slice(quoted.length);
      if (rest.length > 0) lines.push(`${namedRecords(rest.flatMap(([, rows]) => rows).sort((a, b) => a - b))}: ${say(`${rest[0]![0]} or ${formatCountOf(rest.length - 1, 'other value')}`)}.`);
      return lines;
    });
  }
}

const kindName = (c: ColumnSchema) => (c.kind === 'number' ? 'number' : c.kind === 'category' ? 'text' : 'date');

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? 'the number' : typeof value === 'boolean' ? 'the boolean' : typeof value} ${String(value)}`;
}
