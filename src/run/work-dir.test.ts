// Work folders of runs that are gone are found and removed; a live run's folder is kept.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createWorkDir, removeStaleWorkDirs, staleWorkDirs } from './work-dir.js';

test('a work folder records its owner; a dead owner makes it stale, a live one keeps it', () => {
  const root = mkdtempSync(join(tmpdir(), 'pb-work-'));
  const mine = createWorkDir('run-live', root);
  assert.equal(readFileSync(join(mine, 'owner'), 'utf8'), `${hostname()} ${process.pid}\n`);
  const dead = join(root, 'run-dead');
  mkdirSync(dead);
  writeFileSync(join(dead, 'owner'), `${hostname()} 999999\n`);
  const elsewhere = join(root, 'run-other-host');
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, 'owner'), 'another-host 1\n');
  const alive = (pid: number) => pid === process.pid;
  assert.deepEqual(staleWorkDirs(root, alive), [dead]);
  assert.deepEqual(removeStaleWorkDirs(alive, root), [dead]);
  assert.ok(!existsSync(dead));
  assert.ok(existsSync(mine) && existsSync(elsewhere));
});
