// The shape of src/ at any checkout: import circles and upward imports (this repository's layer rules), largest file and function.
//
//   npm run build && node dist/bench/code-shape.js [CHECKOUT_DIR] [--json]
//
// CHECKOUT_DIR (default: this one) may be an older commit's worktree: the layer rules and dependency-cruiser are this
// checkout's, so two commits are measured by the same rules. Functions are found with swc's parser (TypeScript 7 has no
// compiler API): declarations, expressions, arrows, methods, constructors, getters and setters, nested ones counted on their own.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from '@swc/core';

const here = fileURLToPath(new URL('../..', import.meta.url));

interface Located {
  file: string;
  name: string;
  lines: number;
}

const functionTypes = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'PrivateMethod', 'Constructor', 'MethodProperty', 'GetterProperty', 'SetterProperty']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Every function of a file with its length in lines (first to last line, both counted). */
function functionsOf(file: string, root: string): Located[] {
  // swc's spans are byte positions that keep counting across parses: a leading ';' pins the file's own offset 0.
  const text = `;${readFileSync(file, 'utf8')}`;
  const bytes = Buffer.from(text, 'utf8');
  const ast = parseSync(text, { syntax: 'typescript', target: 'es2022' });
  const base = ast.span.start;
  const newlineBefore: number[] = [];
  for (let i = 0, n = 0; i < bytes.length; i++) {
    newlineBefore.push(n);
    if (bytes[i] === 10) n++;
  }
  const lineAt = (pos: number) => newlineBefore[Math.min(bytes.length - 1, Math.max(0, pos - base))]! + 1;
  const found: Located[] = [];
  const visit = (node: unknown, name: string) => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, name));
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown> & { type?: string; span?: { start: number; end: number } };
    const own = typeof n.identifier === 'object' && n.identifier !== null ? String((n.identifier as { value?: unknown }).value ?? name)
      : typeof n.key === 'object' && n.key !== null ? String((n.key as { value?: unknown }).value ?? name)
      : n.type === 'VariableDeclarator' && typeof n.id === 'object' && n.id !== null ? String((n.id as { value?: unknown }).value ?? name)
      : name;
    if (n.type !== undefined && functionTypes.has(n.type) && n.span) {
      found.push({ file: relative(root, file), name: own, lines: lineAt(n.span.end - 1) - lineAt(n.span.start) + 1 });
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'span') visit(value, own);
  };
  visit(ast.body, '(top level)');
  return found;
}

/** dependency-cruiser with this checkout's rules over `root`'s src/: violations by rule. */
function dependencyViolations(root: string): { rule: string; from: string; to: string; cycle?: string[] }[] {
  const bin = join(here, 'node_modules', '.bin', 'depcruise');
  const result = spawnSync(bin, ['src', '--config', join(here, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error || result.stdout.trim() === '') throw new Error(`depcruise failed in ${root}: ${result.error?.message ?? result.stderr}`);
  const output = JSON.parse(result.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] | string[] }[] } };
  return output.summary.violations.map((v) => ({
    rule: v.rule.name, from: v.from, to: v.to,
    ...(v.cycle ? { cycle: v.cycle.map((c) => (typeof c === 'string' ? c : c.name)) } : {}),
  }));
}

const folderOf = (path: string) => /^src\/([^/]+)\//.exec(path)?.[1] ?? path;

function measure(root: string) {
  const files = sourceFiles(join(root, 'src'));
  const shipped = files.filter((f) => !f.endsWith('.test.ts') && !f.includes('/testing/'));
  const lineCount = (f: string) => readFileSync(f, 'utf8').split('\n').length - (readFileSync(f, 'utf8').endsWith('\n') ? 1 : 0);
  const largest = (list: string[]) => list.map((f) => ({ file: relative(root, f), lines: lineCount(f) })).sort((a, b) => b.lines - a.lines)[0];
  const functions = (list: string[]) => list.flatMap((f) => functionsOf(f, root)).sort((a, b) => b.lines - a.lines);
  const violations = dependencyViolations(root);
  const cycles = new Set(violations.filter((v) => v.rule === 'no-circular').map((v) => [...new Set([v.from, ...(v.cycle ?? [])])].sort().join(' ')));
  const upward = violations.filter((v) => v.rule.startsWith('layer-'));
  return {
    root,
    files: files.length,
    importCircles: cycles.size,
    upwardImports: upward.length,
    upwardFolderPairs: [...new Set(upward.map((v) => `${folderOf(v.from)}→${folderOf(v.to)}`))].sort(),
    unlayeredImports: violations.filter((v) => v.rule === 'unlayered-folder').length,
    largestFile: largest(shipped),
    largestFileWithTests: largest(files),
    largestFunctions: functions(shipped).slice(0, 3),
    largestFunctionWithTests: functions(files)[0],
  };
}

const args = process.argv.slice(2);
const figures = measure(args.find((a) => !a.startsWith('--')) ?? here);
if (args.includes('--json')) process.stdout.write(JSON.stringify(figures, null, 1) + '\n');
else {
  const f = figures;
  process.stdout.write([
    `${f.root}: ${f.files} .ts files under src/`,
    `import circles: ${f.importCircles}`,
    `upward imports (layer rules): ${f.upwardImports}${f.upwardFolderPairs.length ? ` — ${f.upwardFolderPairs.join(', ')}` : ''}`,
    `imports from folders outside the layers: ${f.unlayeredImports}`,
    `largest file (shipped): ${f.largestFile?.file} ${f.largestFile?.lines} lines; with tests: ${f.largestFileWithTests?.file} ${f.largestFileWithTests?.lines}`,
    `largest functions (shipped): ${f.largestFunctions.map((x) => `${x.file} ${x.name} ${x.lines} lines`).join('; ')}`,
    `largest function with tests: ${f.largestFunctionWithTests?.file} ${f.largestFunctionWithTests?.name} ${f.largestFunctionWithTests?.lines} lines`,
    '',
  ].join('\n'));
}
