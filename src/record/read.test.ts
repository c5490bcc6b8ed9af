// The run.json reader: a malformed record is refused with the path of its first bad field; versions (src/report/run-json.test.ts: every record written reads back).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BadRecordError } from '../shared/errors.js';
import { repoRoot } from '../testing/cli.js';
import { parseRunRecord } from './read.js';
import type { RunRecord } from './run.js';

const goldenText = readFileSync(join(repoRoot, 'src', 'testing', 'fixtures', 'golden', 'run.json'), 'utf8');
const golden = () => JSON.parse(goldenText) as RunRecord;

/** The message for a record changed by `edit` (a copy of the golden run). */
function refusal(edit: ((r: Record<string, any>) => void) | string): BadRecordError {
  const text = typeof edit === 'string' ? edit : (() => {
    const r = golden() as unknown as Record<string, any>;
    edit(r);
    return JSON.stringify(r);
  })();
  try {
    parseRunRecord(text);
  } catch (error) {
    assert.ok(error instanceof BadRecordError, String(error));
    return error;
  }
  assert.fail('accepted');
}

test('a record that is not one: the path of the first bad field and what was expected, in one line', () => {
  const cases: [Parameters<typeof refusal>[0], string, string][] = [
    ['null', '', 'run.json: expected a run record (a JSON object), got null'],
    ['[1]', '', 'run.json: expected a run record (a JSON object), got an array of 1'],
    ['{"schemaVersion":1', '', 'run.json: not JSON: '],
    ['{"schemaVersion":1}', 'runId', 'run.json: runId: expected text, got nothing (the field is missing)'],
    ['{"runId":"x"}', 'schemaVersion', "run.json: schemaVersion: expected a whole number (the run record's version), got nothing (the field is missing)"],
    [(r) => (r.cells = [{}]), 'cells[0].variant', 'run.json: cells[0].variant: expected text, got nothing (the field is missing)'],
    [(r) => (r.cells[0].phases[2].traffic.latencyUs = 42), 'cells[0].phases[2].traffic.latencyUs', 'run.json: cells[0].phases[2].traffic.latencyUs: expected base64 text (a compressed HdrHistogram), got 42'],
    [(r) => (r.cells[0].phases[1].traffic.intervals[0].latencyUs = 'not base64!'), 'cells[0].phases[1].traffic.intervals[0].latencyUs', 'expected base64 text (a compressed HdrHistogram), got "not base64!"'],
    [(r) => (r.cells[1].phases[0].traffic.latencyUs = Buffer.from('no histogram').toString('base64')), 'cells[1].phases[0].traffic.latencyUs', 'expected a compressed HdrHistogram ('],
    [(r) => (r.cells[0].phases[0].validity.valid = 'yes'), 'cells[0].phases[0].validity.valid', 'expected true or false, got "yes"'],
    [(r) => (r.cells[0].phases[0].resources.generator = 7), 'cells[0].phases[0].resources.generator', 'expected an object or null, got 7'],
    [(r) => (r.cells[0].status = 'fine'), 'cells[0].status', 'expected one of "ok", "crashed", "start-failed", "failed", "interrupted", got "fine"'],
    [(r) => (r.scenario.phases[0].traffic.loop = 'spiral'), 'scenario.phases[0].traffic.loop', 'expected one of "closed", "open", "ladder", "search", got "spiral"'],
    [(r) => (r.cells[0].timeseries['proxy tree'] = [{ tMs: '1' }]), 'cells[0].timeseries["proxy tree"][0].tMs', 'expected a number, got "1"'],
    [(r) => (r.provenance.tool.name = 'otherbench'), 'provenance.tool.name', 'expected "proxybench", got "otherbench"'],
  ];
  for (const [edit, path, message] of cases) {
    const error = refusal(edit);
    assert.equal(error.path, path, error.message);
    assert.ok(error.message.includes(message), `${error.message}\n  should include: ${message}`);
    assert.doesNotMatch(error.message, /\n/);
  }
});

test('schema versions: a newer one is refused, naming the proxybench that wrote it; an older one than any reader migrates is refused', () => {
  const newer = refusal((r) => (r.schemaVersion = 2));
  assert.equal(newer.message, 'run.json: schema version 2 is newer than this proxybench reads (version 1)');
  assert.equal(newer.hint, 'read it with the proxybench that wrote it (proxybench 0.1.0, git 5132008dc5cc) or a later one');
  const older = refusal((r) => (r.schemaVersion = 0));
  assert.equal(older.message, 'run.json: schema version 0 is older than this proxybench reads (version 1)');
  assert.match(older.hint!, /read it with the proxybench that wrote it \(proxybench 0\.1\.0/);
  assert.match(refusal('{"schemaVersion":"1"}').message, /schemaVersion: expected a whole number .* got "1"/);
});
