// `report` and `compare` on a run.json that is no run record: exit 8 (badRecord) and one line naming the first bad field, never a stack.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExitCode } from '../../shared/exit-codes.js';
import { repoRoot, startCli, tempDir } from '../../testing/cli.js';

const goldenRunJson = join(repoRoot, 'src', 'testing', 'fixtures', 'golden', 'run.json');

function runFolder(root: string, name: string, content: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'run.json'), content);
  return dir;
}

const edited = (edit: (r: any) => void) => {
  const r = JSON.parse(readFileSync(goldenRunJson, 'utf8'));
  edit(r);
  return JSON.stringify(r);
};

const cases: { name: string; content: string; message: string }[] = [
  { name: 'null', content: 'null', message: 'run.json: expected a run record (a JSON object), got null' },
  { name: 'version-only', content: '{"schemaVersion":1}', message: 'run.json: runId: expected text, got nothing (the field is missing)' },
  { name: 'empty-cell', content: edited((r) => (r.cells = [{}])), message: 'run.json: cells[0].variant: expected text, got nothing (the field is missing)' },
  { name: 'histogram', content: edited((r) => (r.cells[0].phases[2].traffic.latencyUs = 42)), message: 'run.json: cells[0].phases[2].traffic.latencyUs: expected base64 text (a compressed HdrHistogram), got 42' },
  { name: 'wrong-type', content: edited((r) => (r.cells[1].phases[0].traffic.requests = '1000')), message: 'run.json: cells[1].phases[0].traffic.requests: expected a number, got "1000"' },
  { name: 'newer', content: edited((r) => (r.schemaVersion = 9)), message: 'run.json: schema version 9 is newer than this proxybench reads (version 1)' },
];

test('report: every malformed run.json exits 8 with its one-line message and a fix, no stack trace', async () => {
  const root = tempDir('bad-record');
  for (const c of cases) {
    const dir = runFolder(root, c.name, c.content);
    const result = await startCli(['report', dir]);
    assert.equal(result.exitCode, ExitCode.badRecord, `${c.name}: ${result.all}`);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines[0], `proxybench: error: ${join(dir, c.message)}`, c.name);
    assert.match(lines[1] ?? '', /^ {2}fix: /, c.name);
    assert.equal(lines.length, 2, `${c.name}: ${result.stderr}`);
    assert.doesNotMatch(result.all, /^\s+at /m, `${c.name}: a stack trace`);
  }
});

test('compare: a malformed baseline or candidate exits 8 naming its file; a good pair still compares', async () => {
  const root = tempDir('bad-compare');
  const good = join(root, 'good');
  mkdirSync(good);
  cpSync(goldenRunJson, join(good, 'run.json'));
  const bad = runFolder(root, 'bad', edited((r) => (r.cells[0].phases[0].validity = { valid: 'yes', reasons: [] })));
  for (const [base, cand] of [[good, bad], [bad, good]] as const) {
    const result = await startCli(['compare', base, cand, '--out', join(root, 'out')]);
    assert.equal(result.exitCode, ExitCode.badRecord, result.all);
    assert.match(result.stderr, new RegExp(`^proxybench: error: ${join(bad, 'run.json')}: cells\\[0\\]\\.phases\\[0\\]\\.validity\\.valid: expected true or false, got "yes"\\n  fix: `));
  }
  const result = await startCli(['compare', good, good, '--out', join(root, 'out')]);
  assert.notEqual(result.exitCode, ExitCode.badRecord, result.all);
});
