// Runs every compiled test file (dist/**/*.test.js) with node's test runner, one file at a time
// (end-to-end tests pin processes to the same cores; running them side by side would skew them).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    // Only tests whose source still exists: a file moved or deleted in src/ leaves its old build in dist/ until it is cleaned.
    return entry.name.endsWith('.test.js') && existsSync(path.replace(/^dist\//, '').replace(/\.js$/, '.ts')) ? [path] : [];
  });
}

const filter = process.argv[2];
const files = findTests('dist').filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  console.error('no test files found under dist/ (did the build run?)');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
