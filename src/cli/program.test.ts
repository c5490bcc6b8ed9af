// The command line as a user meets it: --version prints the package's version and exits 0.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { binPath, repoRoot } from '../testing/cli.js';

test('--version and -V print "proxybench <package.json version>" on stdout, exit 0', async () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = await execa(binPath, [flag], { reject: false, stdin: 'ignore' });
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, `proxybench ${version}`);
  }
});
