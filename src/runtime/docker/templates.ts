// What a variant runs as inside its container: the manifest's docker section, else its local one, rendered (pure).
import { renderTemplate, type TemplateValues, type VariantManifest } from '../manifest.js';
import { containerNode, containerVariantDir } from './naming.js';

export interface ContainerPlan {
  files: string[];
  command: string[];
  env: Record<string, string>;
}

/** Values for a container: {{variantDir}} and {{node}} point into the image; {{dir}} is bind-mounted at the same path. */
export function containerValues(v: Omit<TemplateValues, 'variantDir' | 'node'>): TemplateValues {
  return { ...v, variantDir: containerVariantDir, node: containerNode };
}

/** The files to render, the command and the environment; undefined when the manifest says neither. */
export function containerPlan(manifest: VariantManifest, values: TemplateValues): ContainerPlan | undefined {
  const command = manifest.docker?.command ?? manifest.local?.command;
  if (!command) return undefined;
  const env = manifest.docker?.env ?? manifest.local?.env ?? {};
  return {
    files: manifest.docker?.files ?? manifest.local?.files ?? [],
    command: [...command, ...(values.tls ? manifest.tls?.args ?? [] : []), ...(values.h2c ? manifest.http2?.h2cArgs ?? [] : [])].map((part) => renderTemplate(part, values)),
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, renderTemplate(v, values)])),
  };
}

/** The version probe inside the image, rendered ({{variantDir}} and {{node}} only, as for local runs). */
export function containerVersionProbe(manifest: VariantManifest): { command: string[]; pattern: string } | undefined {
  return containerProbe(manifest.docker?.version ?? manifest.local?.version);
}

/** A version probe (the variant's, or its TLS library's) rendered for the image. */
export function containerProbe(version: { command: string[]; pattern: string } | undefined): { command: string[]; pattern: string } | undefined {
  if (!version) return undefined;
  const command = version.command.map((part) => part.replaceAll('{{variantDir}}', containerVariantDir).replaceAll('{{node}}', containerNode));
  return { command, pattern: version.pattern };
}

/** The first capture group of `pattern` in `output` (else the whole match). */
export function matchVersion(output: string, pattern: string): string | undefined {
  const match = new RegExp(pattern).exec(output);
  return match?.[1] ?? match?.[0];
}
