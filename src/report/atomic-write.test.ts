// Output writes under injected faults (ENOSPC mid-write, EIO on rename, EACCES on mkdir): a typed error naming the path and the fix, no temp file left, the old file intact.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OutputWriteError } from '../shared/errors.js';
import { makeOutputDir, writeFileAtomic, type OutputFs } from './atomic-write.js';
import { writeRunOutputs } from './write-outputs.js';
import { cellsFor, fixtureRecord } from '../testing/record-fixture.js';

const fault = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

/** The real file system, except that writes get half their bytes out and then fail with `code` (a disk filling up). */
function fillingFs(code: string, afterWrites = 0): OutputFs {
  let writes = 0;
  return {
    writeFileSync: (file, content) => {
      if (writes++ < afterWrites) return writeFileSync(file, content);
      writeFileSync(file, content.slice(0, content.length / 2));
      throw fault(code);
    },
    renameSync, rmSync, mkdirSync: (dir, o) => void mkdirSync(dir, o),
  };
}

test('ENOSPC mid-write: OutputWriteError naming the file and the fix; no temp file; the previous file intact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-atomic-'));
  const file = join(dir, 'run.json');
  writeFileSync(file, 'previous');
  assert.throws(() => writeFileAtomic(file, 'x'.repeat(1000), fillingFs('ENOSPC')), (error: unknown) => {
    assert.ok(error instanceof OutputWriteError);
    assert.equal(error.errno, 'ENOSPC');
    assert.equal(error.path, file);
    assert.match(error.message, new RegExp(`cannot write ${file}`));
    assert.match(error.hint!, /is full: free space \(df -h\) or write the results elsewhere with --out DIR/);
    return true;
  });
  assert.deepEqual(readdirSync(dir), ['run.json'], 'no *.tmp left');
  assert.equal(readFileSync(file, 'utf8'), 'previous');
});

test('EIO on rename and EACCES on mkdir: each its own fix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-atomic-'));
  const eio: OutputFs = { writeFileSync, rmSync, mkdirSync: (d, o) => void mkdirSync(d, o), renameSync: () => { throw fault('EIO'); } };
  assert.throws(() => writeFileAtomic(join(dir, 'a.csv'), 'a', eio), (e: OutputWriteError) => e.errno === 'EIO' && /I\/O error: check it \(dmesg\)/.test(e.hint!));
  assert.deepEqual(readdirSync(dir), []);
  const eacces: OutputFs = { writeFileSync, rmSync, renameSync, mkdirSync: () => { throw fault('EACCES'); } };
  assert.throws(() => makeOutputDir(join(dir, 'hlog'), eacces), (e: OutputWriteError) => e.errno === 'EACCES' && /not writable for this user/.test(e.hint!));
});

test('a run folder whose disk fills after run.json: the error names the file that failed, nothing half-written is left', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-atomic-'));
  const record = fixtureRecord('run-x', cellsFor('nginx', [1000]));
  assert.throws(() => writeRunOutputs(dir, record, { fs: fillingFs('ENOSPC', 1) }), (e: OutputWriteError) => e.path === join(dir, 'summary.csv'));
  assert.deepEqual(readdirSync(dir), ['run.json']);
  assert.equal(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).runId, 'run-x', 'run.json itself was written whole');
  assert.ok(!existsSync(join(dir, 'summary.csv')));
});
