// Finds the variant folders under docker/ and validates their manifests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, UsageError } from '../shared/errors.js';
import { manifestSchema, templateValueNames, unknownTemplateNames, type VariantManifest } from './manifest.js';

export interface Variant {
  manifest: VariantManifest;
  /** Absolute path of docker/<name>. */
  dir: string;
}

/**
 * Every folder of the given folders holding a variant.yaml (a later folder's variant replaces an earlier one
 * of the same name); a broken manifest is an error naming the file.
 */
export function discoverVariants(...dockerDirs: string[]): Variant[] {
  const byName = new Map<string, Variant>();
  for (const dir of dockerDirs) for (const v of discoverIn(dir)) byName.set(v.manifest.name, v);
  return [...byName.values()].sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

function discoverIn(dockerDir: string): Variant[] {
  if (!existsSync(dockerDir)) {
    throw new UsageError(`variant folder ${dockerDir} does not exist`, { hint: 'pass a folder holding <name>/variant.yaml' });
  }
  const variants: Variant[] = [];
  const problems: string[] = [];
  for (const entry of readdirSync(dockerDir, { withFileTypes: true })) {
    const file = join(dockerDir, entry.name, 'variant.yaml');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    let raw: unknown;
    const text = readFileSync(file, 'utf8');
    try {
      raw = parse(text);
    } catch (error) {
      problems.push(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const result = manifestSchema.safeParse(raw);
    if (!result.success) {
      problems.push(...result.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top level)'}: ${i.message}`));
    } else if (result.data.name !== entry.name) {
      problems.push(`${file}: name "${result.data.name}" must equal its folder name "${entry.name}"`);
    } else {
      const variant = { manifest: result.data, dir: join(dockerDir, entry.name) };
      const templateProblems = checkTemplates(variant, file, text);
      if (templateProblems.length > 0) problems.push(...templateProblems);
      else variants.push(variant);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError('invalid variant manifest', problems, { hint: 'docker/README.md documents variant.yaml' });
  }
  return variants;
}

/** Every {{name}} no template value has, in the manifest and in the config templates it renders ("file:line: …"). */
function checkTemplates(variant: Variant, manifestFile: string, manifestText: string): string[] {
  const known = templateValueNames.join(', ');
  const unknown = (file: string, text: string) =>
    unknownTemplateNames(text).map((u) => `${file}:${u.line}: {{${u.name}}} is no template value; use one of ${known} (docker/README.md)`);
  const problems = unknown(manifestFile, manifestText);
  const { local, docker } = variant.manifest;
  for (const name of new Set([...(local?.files ?? []), ...(docker?.files ?? [])])) {
    const template = join(variant.dir, name);
    if (!existsSync(template)) problems.push(`${manifestFile}: files names ${name}, but ${template} does not exist; add it or remove it from files`);
    else problems.push(...unknown(template, readFileSync(template, 'utf8')));
  }
  return problems;
}

/** The variants a run names, in its order; an unknown name is a usage error listing the known ones. */
export function selectVariants(all: readonly Variant[], names: readonly string[]): Variant[] {
  const unknown = names.filter((n) => !all.some((v) => v.manifest.name === n));
  if (unknown.length > 0) {
    throw new UsageError(`unknown variant${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      hint: `known variants: ${all.map((v) => v.manifest.name).join(', ')} (see \`proxybench variants\`)`,
    });
  }
  return names.map((n) => all.find((v) => v.manifest.name === n)!);
}
