// End-to-end: a reader that closes the pipe early (`proxybench doctor | head -1`) gets no stack trace and exit 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../testing/cli.js';

test('doctor into a pipe closed at once: exit 0, nothing on stderr', async () => {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'src', 'cli', 'main.js'), 'doctor'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // the read end closes before doctor writes its first line: its write gets EPIPE
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});
