// Stages the build context of our own Node programs (upstream, generator worker): the Dockerfile, the compiled program with every module it imports, their npm packages.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { EnvironmentError } from '../../../shared/errors.js';

/** Relative and bare module specifiers of an ES module's static and dynamic imports and its require() calls (createRequire), pure. */
export function importSpecifiers(source: string): { relative: string[]; bare: string[] } {
  const imports = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  // `createRequire(import.meta.url)('hpack.js')` or a `require('x')` of one: a CommonJS package the module loads too.
  const required = [...source.matchAll(/(?:\brequire|\bcreateRequire\([^)]*\))\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  const specifiers = [...new Set([...imports, ...required])];
  return {
    relative: specifiers.filter((s) => s.startsWith('./') || s.startsWith('../')),
    bare: specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !s.startsWith('/')),
  };
}

/** The npm package a bare specifier names ("zod/v4" → zod, "@a/b/c" → @a/b). */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every compiled module reachable from `entry` (absolute paths) and the npm packages they import. */
function moduleClosure(entry: string): { modules: string[]; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (modules.has(file)) continue;
    modules.add(file);
    const { relative: rel, bare } = importSpecifiers(readFileSync(file, 'utf8'));
    for (const s of rel) {
      const target = resolve(dirname(file), s);
      if (existsSync(target)) queue.push(target); // a specifier in a comment or string, not a module
    }
    for (const s of bare) packages.add(packageName(s));
  }
  return { modules: [...modules], packages };
}

/** The packages and their dependencies, transitively, as installed in node_modules. */
function packageClosure(nodeModules: string, roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const manifest = join(nodeModules, name, 'package.json');
    if (!existsSync(manifest)) continue; // an optional dependency not installed here
    seen.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    queue.push(...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}));
  }
  return [...seen].sort();
}

/** The programs staged as compiled modules plus their npm packages: image name → entry module and Dockerfile folder. */
export const stagedPrograms = {
  upstream: { entry: ['dist', 'src', 'upstream', 'main.js'], dockerDir: 'upstream' },
  'generator-worker': { entry: ['dist', 'src', 'traffic', 'remote', 'worker-main.js'], dockerDir: 'generator-worker' },
} as const;

export type StagedProgram = keyof typeof stagedPrograms;

/** Builds the upstream's context in a fresh temporary folder and returns it (the caller removes it). */
export function stageUpstreamContext(repoRoot: string): string {
  return stageProgramContext(repoRoot, 'upstream');
}

/** Builds a staged program's context (its Dockerfile, app/ with its module closure and packages) in a fresh temporary folder. */
export function stageProgramContext(repoRoot: string, program: StagedProgram): string {
  const { entry: parts, dockerDir } = stagedPrograms[program];
  const entry = join(repoRoot, ...parts);
  if (!existsSync(entry)) {
    throw new EnvironmentError(`the compiled ${program} is missing (${entry})`, { hint: 'build first: npm run build' });
  }
  const dir = mkdtempSync(join(tmpdir(), `proxybench-${program}-context-`));
  cpSync(join(repoRoot, 'docker', dockerDir, 'Dockerfile'), join(dir, 'Dockerfile'));
  const { modules, packages } = moduleClosure(entry);
  for (const file of modules) {
    const target = join(dir, 'app', relative(repoRoot, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  const nodeModules = join(repoRoot, 'node_modules');
  const staged: Record<string, string> = {};
  for (const name of packageClosure(nodeModules, packages)) {
    cpSync(join(nodeModules, name), join(dir, 'app', 'node_modules', name), { recursive: true, filter: (src) => !src.endsWith('.map') && !src.endsWith('.d.ts') });
    staged[name] = (JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')) as { version?: string }).version ?? '';
  }
  // The staged packages by version: the context hash skips node_modules, so a package added or upgraded shows here.
  writeFileSync(join(dir, 'app', 'package.json'), JSON.stringify({ name: `proxybench-${program}`, private: true, type: 'module', dependencies: staged }, null, 1) + '\n');
  return dir;
}
