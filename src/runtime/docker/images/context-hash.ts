// Hashes what an image is built from — Dockerfile, the context files it copies, base image id, build args — into its label value.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Names a context always leaves out (build outputs that are not sent to the builder). */
const alwaysIgnored = ['target', 'node_modules', '.git'];

/**
 * The top-level names a .dockerignore leaves out. Only plain names are understood (no globs, no `!`):
 * proxybench's own .dockerignore files use nothing else.
 */
export function parseDockerignore(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/^\/+|\/+$/g, ''))
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'));
}

/** Files of a build context, relative and sorted, without ignored names. */
export function contextFiles(dir: string): string[] {
  const ignoreFile = join(dir, '.dockerignore');
  const ignored = new Set([...alwaysIgnored, ...(existsSync(ignoreFile) ? parseDockerignore(readFileSync(ignoreFile, 'utf8')) : [])]);
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      const rel = relative(dir, path);
      if (ignored.has(rel) || ignored.has(entry.name)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(rel);
    }
  };
  walk(dir);
  return files.sort();
}

export interface HashInputs {
  contextDir: string;
  /** Dockerfile path relative to the context (its content is part of the context files when inside it). */
  dockerfile: string;
  baseImageId: string;
  buildArgs: Record<string, string>;
}

/**
 * The context paths a Dockerfile's COPY / ADD lines take (`--from=` stages aside), or undefined when that cannot be told
 * from plain lines (a glob, `.`, the JSON form, a continued line, a URL): then every context file counts.
 */
export function copiedSources(dockerfile: string): string[] | undefined {
  const sources: string[] = [];
  for (const line of dockerfile.split('\n')) {
    const match = /^\s*(?:COPY|ADD)\s+(.*)$/i.exec(line);
    if (!match) continue;
    const tokens = match[1]!.trim().split(/\s+/);
    if (tokens.some((t) => t === '\\') || line.trimEnd().endsWith('\\') || tokens[0]!.startsWith('[')) return undefined;
    if (tokens.some((t) => t.startsWith('--from'))) continue; // from another stage, not the context
    for (const source of tokens.filter((t) => !t.startsWith('--')).slice(0, -1)) {
      const path = source.replace(/^\.\//, '').replace(/\/+$/, '');
      if (path === '' || path === '.' || /[*?[]|:\/\//.test(path)) return undefined;
      sources.push(path);
    }
  }
  return sources;
}

/** The context files an image is made of: the Dockerfile and what it copies (all of them when that cannot be told). */
function usedFiles(inputs: HashInputs): string[] {
  const files = contextFiles(inputs.contextDir);
  const dockerfilePath = join(inputs.contextDir, inputs.dockerfile);
  const sources = existsSync(dockerfilePath) ? copiedSources(readFileSync(dockerfilePath, 'utf8')) : undefined;
  if (sources === undefined) return files;
  return files.filter((rel) => rel === inputs.dockerfile || sources.some((s) => rel === s || rel.startsWith(`${s}/`)));
}

/**
 * sha256 over the context files the image is made of (path, executable bit, content: the Dockerfile and what it COPYs,
 * so a config template rendered at run time is not part of it), the Dockerfile name, base id and build args.
 */
export function hashContext(inputs: HashInputs): string {
  const hash = createHash('sha256');
  hash.update(`dockerfile ${inputs.dockerfile}\nbase ${inputs.baseImageId}\n`);
  for (const [key, value] of Object.entries(inputs.buildArgs).sort(([a], [b]) => a.localeCompare(b))) hash.update(`arg ${key}=${value}\n`);
  for (const rel of usedFiles(inputs)) {
    const path = join(inputs.contextDir, rel);
    const executable = (statSync(path).mode & 0o111) !== 0;
    hash.update(`file ${rel} ${executable ? 'x' : '-'}\n`);
    hash.update(readFileSync(path));
  }
  return hash.digest('hex');
}
