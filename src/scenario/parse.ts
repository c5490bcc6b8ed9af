// Turns scenario text into a validated Scenario, or every problem found, each with its path and line.
import { createHash } from 'node:crypto';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { ScenarioEnvironment } from './machine-rules.js';
import { partialRuleProblems, partialScenario } from './partial.js';
import type { Problem } from './problem.js';
import { checkScenarioRules } from './rules.js';
import { scenarioSchema, type Scenario } from './schema.js';

export interface ParsedScenario {
  scenario: Scenario;
  /** sha256 of the file's bytes, recorded in the run's provenance. */
  sha256: string;
}

export type ParseOutcome = { ok: true; value: ParsedScenario } | { ok: false; problems: string[] };

/** Most aliases a scenario may expand (the yaml library's guard against "billion laughs" documents). */
const maxAliasCount = 100;

/** Pure: text in, scenario or the complete list of problems out ("file:line:col path: message"); `env` adds machine rules. */
export function parseScenarioText(text: string, fileLabel: string, env: ScenarioEnvironment = {}): ParseOutcome {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return `${fileLabel}:${pos.line}:${pos.col} YAML syntax: ${e.message.split('\n')[0]}`;
      }),
    };
  }
  const located = (p: Problem) => `${fileLabel}${locate(doc, lineCounter, p.path)} ${formatPath(p.path)}: ${p.message}`;
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount }) ?? {};
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return { ok: false, problems: [`${fileLabel}:1:1 YAML aliases: they expand beyond ${maxAliasCount} nodes (${error.message}); write the values out instead of nesting aliases`] };
  }
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    const refused = foldMisspellings(result.error.issues.flatMap((i) => issueProblems(i, raw)));
    const partial = partialScenario(raw);
    const rules = partial ? partialRuleProblems(partial, checkScenarioRules(partial.scenario, env), refused) : [];
    return { ok: false, problems: sortByLine([...refused, ...rules].map(located), fileLabel) };
  }
  const ruleProblems = checkScenarioRules(result.data, env);
  if (ruleProblems.length > 0) return { ok: false, problems: sortByLine(ruleProblems.map(located), fileLabel) };
  return { ok: true, value: { scenario: result.data, sha256: createHash('sha256').update(text).digest('hex') } };
}

function issueProblems(issue: z.core.$ZodIssue, raw: unknown): (Problem & { meant?: string })[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const allowed = allowedKeys(path);
      const near = closest(key, allowed);
      const suggestion = near ? `did you mean "${near}"? ` : '';
      return { path: [...path, key], message: `unknown key "${key}"; ${suggestion}allowed here: ${allowed.join(', ')}`, meant: near };
    });
  }
  if (valueAt(raw, path) === undefined) {
    return [{ path, message: `is required and missing${issue.code === 'invalid_type' ? ` (expected ${issue.expected})` : ''}` }];
  }
  return [{ path, message: issue.message }];
}

function sortByLine(problems: string[], fileLabel: string): string[] {
  const line = (p: string) => Number(/^:(\d+)/.exec(p.slice(fileLabel.length))?.[1] ?? Infinity);
  return [...problems].sort((a, b) => line(a) - line(b));
}

/** A misspelt key also leaves the intended key missing: report it once, as the misspelling. */
function foldMisspellings(problems: (Problem & { meant?: string })[]): Problem[] {
  const meant = new Set(problems.filter((p) => p.meant).map((p) => JSON.stringify([...p.path.slice(0, -1), p.meant])));
  return problems.filter((p) => !(p.message.startsWith('is required') && meant.has(JSON.stringify(p.path))));
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let value = raw;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** The allowed key within edit distance 2 of a misspelt one, if any. */
function closest(key: string, allowed: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let diagonal = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const above = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length]!;
  };
  const ranked = allowed.map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) })).sort((x, y) => x.d - y.d);
  return ranked[0] && ranked[0].d <= 2 ? ranked[0].k : undefined;
}

/** The keys the schema accepts at a path, for the "unknown key" message. */
function allowedKeys(path: (string | number)[]): string[] {
  let schema: unknown = scenarioSchema;
  for (const key of path) {
    schema = unwrap(schema);
    if (typeof key === 'number') schema = (schema as { element?: unknown }).element;
    else if (isObjectSchema(schema)) schema = schema.shape[key];
    else schema = undefined;
  }
  schema = unwrap(schema);
  if (isObjectSchema(schema)) return Object.keys(schema.shape);
  if (schema && 'options' in (schema as object)) {
    const keys = new Set<string>();
    for (const option of (schema as { options: unknown[] }).options) {
      const o = unwrap(option);
      if (isObjectSchema(o)) Object.keys(o.shape).forEach((k) => keys.add(k));
    }
    return [...keys];
  }
  return [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { def?: { innerType?: unknown; in?: unknown; type?: string } } | undefined;
  for (let i = 0; i < 10 && s?.def; i++) {
    if (s.def.innerType) s = s.def.innerType as typeof s;
    else if (s.def.type === 'pipe' && s.def.in) s = s.def.in as typeof s;
    else break;
  }
  return s;
}

function isObjectSchema(schema: unknown): schema is { shape: Record<string, unknown> } {
  return typeof schema === 'object' && schema !== null && 'shape' in schema;
}

export function formatPath(path: (string | number)[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** ":line:col" of the deepest node the YAML has along the path (the key itself for unknown keys). */
function locate(doc: Document, lineCounter: LineCounter, path: (string | number)[]): string {
  for (let depth = path.length; depth >= 0; depth--) {
    const parentPath = path.slice(0, Math.max(0, depth - 1));
    const parent = depth === 0 ? doc.contents : doc.getIn(parentPath, true);
    const last = path[depth - 1];
    let offset: number | undefined;
    if (depth === 0) offset = (doc.contents as { range?: [number] } | null)?.range?.[0];
    else if (isMap(parent) && typeof last === 'string') {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
      offset = (pair?.key as { range?: [number] } | undefined)?.range?.[0];
    } else {
      offset = (doc.getIn(path.slice(0, depth), true) as { range?: [number] } | undefined)?.range?.[0];
    }
    if (offset !== undefined) {
      const pos = lineCounter.linePos(offset);
      return `:${pos.line}:${pos.col}`;
    }
  }
  return '';
}
