// Reads run.json: JSON, then its schema version (an older one migrated or refused, a newer one refused), then the record
// schema; whatever is wrong is one line naming the JSON path of the first bad field and what was expected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { BadRecordError, UsageError } from '../shared/errors.js';
import { runRecordSchemaVersion, type RunRecord } from './run.js';
import { runRecordSchema } from './schema/run.js';

/** Migrations of older schema versions, each to the next one (none yet: version 1 is the first run.json ever written). */
const migrations: Readonly<Record<number, (record: Record<string, unknown>) => Record<string, unknown>>> = {};

/** The first schema version this proxybench reads, migrating it up to runRecordSchemaVersion. */
const oldestReadable = Math.min(runRecordSchemaVersion, ...Object.keys(migrations).map(Number));

/** `cells[0].phases[2].traffic.latencyUs`, `timeseries["proxy 2"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${i === 0 ? '' : '.'}${String(key)}` : `[${JSON.stringify(String(key))}]`))
    .join('');
}

/** What a value is, for "got …": short JSON for a primitive, its kind for an object or array. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const typeNames: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', object: 'an object', array: 'an array', record: 'an object', null: 'null', nonoptional: 'a value' };

function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': return `expected ${typeNames[issue.expected] ?? issue.expected}`;
    case 'invalid_value': return `expected ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options ? `expected one of ${options.map((v) => JSON.stringify(v)).join(', ')}` : 'expected one of the shapes this field takes';
    }
    default: return issue.message;
  }
}

/** The value at `path` inside `root` (undefined where the path leaves it). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

type Schema = z.core.$ZodType;
type Def = { type: string; innerType?: Schema; shape?: Record<string, Schema>; element?: Schema; valueType?: Schema; options?: Schema[]; discriminator?: string; in?: Schema };
const defOf = (schema: Schema) => schema._zod.def as unknown as Def;

/** Whether the schema of the field at `path` also takes null ("expected a number or null"), following the data through unions. */
function takesNull(root: Schema, path: readonly PropertyKey[], data: unknown): boolean {
  let schema: Schema | undefined = root;
  let value = data;
  let nullable = false;
  for (let i = 0; i <= path.length && schema !== undefined; ) {
    const def = defOf(schema);
    if (def.innerType) {
      nullable ||= def.type === 'nullable';
      schema = def.innerType;
      continue;
    }
    if (def.type === 'union' && def.discriminator !== undefined) {
      const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
      schema = def.options?.find((o) => (defOf(o).shape?.[def.discriminator!] as { _zod: { values?: Set<unknown> } } | undefined)?._zod.values?.has(tag));
      continue;
    }
    if (i === path.length) break;
    const key = path[i++]!;
    nullable = false;
    schema = def.shape?.[String(key)] ?? def.element ?? def.valueType;
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return nullable;
}

const notARecord = 'pass a run folder made by `proxybench run` (its run.json unedited), or re-run the scenario';

/** The run record in `text`, validated; `label` names the file in messages. */
export function parseRunRecord(text: string, label = 'run.json'): RunRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new BadRecordError('', `${label}: not JSON: ${(cause as Error).message}`, { hint: notARecord, cause });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BadRecordError('', `${label}: expected a run record (a JSON object), got ${describe(data)}`, { hint: notARecord });
  const migrated = migrate(data as Record<string, unknown>, label);
  const result = runRecordSchema.safeParse(migrated);
  if (result.success) return migrated as unknown as RunRecord;
  const issue = result.error.issues[0]!;
  const path = jsonPath(issue.path);
  const got = valueAt(migrated, issue.path);
  const orNull = issue.code !== 'custom' && takesNull(runRecordSchema, issue.path, migrated) ? ' or null' : '';
  throw new BadRecordError(path, `${label}: ${path}: ${expected(issue)}${orNull}, got ${describe(got)}`, { hint: notARecord });
}

function migrate(record: Record<string, unknown>, label: string): Record<string, unknown> {
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new BadRecordError('schemaVersion', `${label}: schemaVersion: expected a whole number (the run record's version), got ${describe(version)}`, { hint: notARecord });
  const writer = describeWriter(record);
  if (version > runRecordSchemaVersion) {
    throw new BadRecordError('schemaVersion', `${label}: schema version ${version} is newer than this proxybench reads (version ${runRecordSchemaVersion})`, {
      hint: `read it with the proxybench that wrote it${writer} or a later one`,
    });
  }
  const readable = oldestReadable === runRecordSchemaVersion ? `version ${runRecordSchemaVersion}` : `versions ${oldestReadable} to ${runRecordSchemaVersion}`;
  if (version < oldestReadable) {
    throw new BadRecordError('schemaVersion', `${label}: schema version ${version} is older than this proxybench reads (${readable})`, {
      hint: `read it with the proxybench that wrote it${writer}`,
    });
  }
  let migrated = record;
  for (let v = version; v < runRecordSchemaVersion; v++) migrated = { ...migrations[v]!(migrated), schemaVersion: v + 1 };
  return migrated;
}

/** " (proxybench 0.1.0, git abc1234)" from the record's provenance, when it says. */
function describeWriter(record: Record<string, unknown>): string {
  const tool = valueAt(record, ['provenance', 'tool']) as { version?: unknown; gitRevision?: unknown } | undefined;
  if (typeof tool?.version !== 'string') return '';
  return ` (proxybench ${tool.version}${typeof tool.gitRevision === 'string' ? `, git ${tool.gitRevision.slice(0, 12)}` : ''})`;
}

/** The run record of a run folder (its run.json). */
export function readRunFolder(runDir: string): RunRecord {
  const file = join(runDir, 'run.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new UsageError(`cannot read ${file}: ${(cause as Error).message}`, { hint: 'pass a run folder made by `proxybench run`, e.g. results/latest', cause });
  }
  return parseRunRecord(text, file);
}
