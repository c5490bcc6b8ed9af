// The variant manifest (docker/<name>/variant.yaml): what a variant is and how to run it as a local process.
import { z } from 'zod';
import { tlsKeyTypes } from '../tls/key-types.js';
import { h2Settings } from './http2-settings.js';

const templateString = z.string().min(1);

export const localRunSchema = z.strictObject({
  /** Binaries that must exist (on PATH or absolute) for the variant to run locally. */
  requires: z.array(z.string().min(1)).default([]),
  /** The command that provides the missing binaries, shown when the variant is skipped. */
  install: z.string().min(1),
  /** How to read the version: the command's stdout+stderr, first capture group of `pattern`. */
  version: z.strictObject({ command: z.array(templateString).min(1), pattern: z.string().min(1) }),
  /** Config templates in the variant folder, rendered into the per-run folder under the same name. */
  files: z.array(z.string().min(1)).default([]),
  /** The command line, templated; run in its own session (setsid), pinned with taskset. */
  command: z.array(templateString).min(1),
  env: z.record(z.string(), z.string()).default({}),
  /** Re-apply the CPU pinning to every thread once healthy (for proxies that reset their affinity). */
  repinAfterStart: z.boolean().default(false),
});

/** How the variant runs as a container (docker runtime); see docker/README.md, "Containers". */
export const dockerRunSchema = z.strictObject({
  /** Dockerfile in the variant folder (the build context), built FROM the local base image. */
  dockerfile: z.string().min(1).default('Dockerfile'),
  /** A Dockerfile that builds the program from source on public images (multi-stage); `images build --from-source`. */
  sourceDockerfile: z.string().min(1).optional(),
  /** The build context of sourceDockerfile, relative to the variant folder (default: the folder itself), e.g. `..`
   * for a program sharing files with another variant (docker/rust-common/). */
  sourceContext: z.string().min(1).optional(),
  /** Run on the host in the variant folder before `docker build` (compiles what the Dockerfile copies), niced. */
  prebuild: z.array(z.string().min(1)).min(1).optional(),
  /** Extra `--build-arg`s (BASE is always passed). */
  buildArgs: z.record(z.string(), z.string()).default({}),
  /** Container command; default: local.command, rendered with the container's values (variantDir = /opt/proxybench/variant). */
  command: z.array(templateString).min(1).optional(),
  /** Container environment; default: local.env. */
  env: z.record(z.string(), z.string()).optional(),
  /** Config templates rendered into {{dir}} (bind-mounted at the same path); default: local.files. */
  files: z.array(z.string().min(1)).optional(),
  /** Version probe run in the image; default: local.version. */
  version: z.strictObject({ command: z.array(templateString).min(1), pattern: z.string().min(1) }).optional(),
  /** Port the proxy listens on inside the container on a bridge network (default: the scenario's proxy port). */
  listenPort: z.number().int().min(1).max(65_535).optional(),
});

/**
 * How a variant terminates TLS (docker/README.md, "TLS"): its templates enable their `{{#tls}}…{{/tls}}` sections and
 * add a second listener on {{tlsListenPort}} with the run's certificate; the plaintext listener stays. No section: the
 * variant cannot terminate TLS, and a scenario asking it to is refused before anything runs.
 */
export const tlsRunSchema = z.strictObject({
  /** The TLS library the proxy links or embeds, e.g. OpenSSL, Go crypto/tls, rustls. */
  library: z.string().min(1),
  /** How to read the library's version (stdout+stderr, first capture group); rendered like local.version. */
  libraryVersion: z.strictObject({ command: z.array(templateString).min(1), pattern: z.string().min(1) }).optional(),
  /** The library's version when it is fixed by the build and cannot be probed (e.g. a crate version in Cargo.lock). */
  libraryVersionFixed: z.string().min(1).optional(),
  /** Session resumption as configured: tickets, session cache (recorded in the run record). */
  resumption: z.string().min(1),
  /** Key types the variant can load. */
  keyTypes: z.array(z.enum(tlsKeyTypes)).min(1).default([...tlsKeyTypes]),
  /** Arguments appended to the command (local and docker) when TLS is on: for programs configured by flags. */
  args: z.array(templateString).default([]),
});

/**
 * How a variant serves HTTP/2 (docker/README.md, "HTTP/2"): over its TLS listener by ALPN (`h2`, `http/1.1`), and over
 * cleartext with prior knowledge (h2c) on a third listener, {{h2cListenPort}}, kept by `{{#h2c}}…{{/h2c}}` sections.
 * The stream limit and initial window come from {{h2MaxStreams}} and {{h2WindowBytes}}; `settings` says what the
 * config sets (and what it cannot), recorded in the run record beside the SETTINGS a verified h2 request received.
 */
export const http2RunSchema = z.strictObject({
  /** The settings as the variant's config applies them (recorded in the run record), e.g. what it cannot express. */
  settings: z.string().min(1),
  /** Why this variant cannot serve h2c (cleartext HTTP/2 with prior knowledge); absent: it can. */
  h2cUnsupported: z.string().min(1).optional(),
  /** Arguments appended to the command when the h2c listener is on: for programs configured by flags. */
  h2cArgs: z.array(templateString).default([]),
});

export const manifestSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  language: z.string().min(1),
  description: z.string().min(1),
  /** `direct` has no process: the client talks to the upstream itself. */
  role: z.enum(['proxy', 'direct']).default('proxy'),
  /** Path requested through the proxy to check it is up and reaches the upstream. */
  healthPath: z.string().startsWith('/').default('/__pb/health'),
  local: localRunSchema.optional(),
  docker: dockerRunSchema.optional(),
  tls: tlsRunSchema.optional(),
  http2: http2RunSchema.optional(),
});

export type VariantManifest = z.infer<typeof manifestSchema>;
export type LocalRun = z.infer<typeof localRunSchema>;
export type DockerRun = z.infer<typeof dockerRunSchema>;
export type TlsRun = z.infer<typeof tlsRunSchema>;
export type Http2Run = z.infer<typeof http2RunSchema>;

/**
 * Values a template may use as {{name}}. The equivalence rules (one worker, pooled keep-alive
 * upstream, no access log, same limits and timeouts) are documented in docker/README.md.
 */
export interface TemplateValues {
  /** Absolute per-run folder for this variant: rendered configs, pid files, logs. */
  dir: string;
  /** Absolute folder of the variant (docker/<name>), for programs shipped there. */
  variantDir: string;
  listenHost: string;
  listenPort: number;
  upstreamHost: string;
  upstreamPort: number;
  /** Worker processes or threads (1 by default). */
  workers: number;
  /** Idle keep-alive connections each worker keeps to the upstream. */
  upstreamPoolSize: number;
  /** Absolute path of the node binary running proxybench. */
  node: string;
  /** True when the cell has TLS phases: `{{#tls}}…{{/tls}}` sections are kept, `{{^tls}}…{{/tls}}` dropped. */
  tls: boolean;
  /** The TLS listener's port; the TLS values below are empty strings when tls is false. */
  tlsListenPort: number | string;
  /** Server certificate chain (leaf + CA), PEM, copied into {{dir}}. */
  tlsCertFile: string;
  /** Server private key, PKCS#8 PEM. */
  tlsKeyFile: string;
  /** Certificate chain and key in one file (haproxy `crt`). */
  tlsCertKeyFile: string;
  /** The one protocol version the listener accepts: 1.3 or 1.2. */
  tlsVersion: string;
  /** The same as 1_3 or 1_2 (trafficserver's record names). */
  tlsVersionUnderscore: string;
  /** 1 when TLS 1.2 / 1.3 is allowed, else 0 (trafficserver's records). */
  tls12: number;
  tls13: number;
  /** True when the cell has h2c phases: `{{#h2c}}…{{/h2c}}` sections (the cleartext HTTP/2 listener) are kept. */
  h2c: boolean;
  /** The h2c listener's port (prior knowledge, HTTP/2 only); an empty string when h2c is false. */
  h2cListenPort: number | string;
  /** HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS every variant announces (src/runtime/http2-settings.ts). */
  h2MaxStreams: number;
  /** HTTP/2 SETTINGS_INITIAL_WINDOW_SIZE every variant announces, bytes (each stream's receive window). */
  h2WindowBytes: number;
}

/** TemplateValues with TLS off (every TLS value empty): for cells without TLS phases. */
export const noTlsValues = {
  tls: false, tlsListenPort: '', tlsCertFile: '', tlsKeyFile: '', tlsCertKeyFile: '', tlsVersion: '', tlsVersionUnderscore: '', tls12: 0, tls13: 0,
} as const satisfies Partial<TemplateValues>;

/** TemplateValues for HTTP/2 with no h2c listener: the settings every variant announces over TLS. */
export const noHttp2Values = {
  h2c: false, h2cListenPort: '', h2MaxStreams: h2Settings.maxConcurrentStreams, h2WindowBytes: h2Settings.initialWindowBytes,
} as const satisfies Partial<TemplateValues>;

/** The boolean template values that may open a section. */
const sectionNames = new Set(['tls', 'h2c']);

/** Every name a template may use, checked when variants are discovered (variants.ts). */
export const templateValueNames = [
  'dir', 'variantDir', 'listenHost', 'listenPort', 'upstreamHost', 'upstreamPort', 'workers', 'upstreamPoolSize', 'node',
  'tls', 'tlsListenPort', 'tlsCertFile', 'tlsKeyFile', 'tlsCertKeyFile', 'tlsVersion', 'tlsVersionUnderscore', 'tls12', 'tls13',
  'h2c', 'h2cListenPort', 'h2MaxStreams', 'h2WindowBytes',
] as const satisfies readonly (keyof TemplateValues)[];
/** Compiles only while templateValueNames lists every TemplateValues key. */
const everyValueNamed: Exclude<keyof TemplateValues, (typeof templateValueNames)[number]> extends never ? true : never = true;
void everyValueNamed;

/** Pure: every {{name}}, {{#name}}, {{^name}} or {{/name}} in the text that names no template value or section, by line. */
export function unknownTemplateNames(text: string): { line: number; name: string }[] {
  return text.split('\n').flatMap((content, i) =>
    [...content.matchAll(/\{\{\s*([#^/]?)\s*([a-zA-Z0-9]+)\s*\}\}/g)].flatMap((m) => {
      const known = m[1] ? sectionNames.has(m[2]!) : (templateValueNames as readonly string[]).includes(m[2]!);
      return known ? [] : [{ line: i + 1, name: `${m[1]}${m[2]}` }];
    }),
  );
}

/**
 * Keeps `{{#name}}…{{/name}}` when `name` is true and `{{^name}}…{{/name}}` when it is false (mustache's sections,
 * for booleans only), then replaces {{name}} with its value; an unknown name is an error naming it.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  const sectioned = template.replace(/\{\{([#^])\s*([a-zA-Z0-9]+)\s*\}\}([\s\S]*?)\{\{\/\s*\2\s*\}\}/g, (_, kind: string, name: string, body: string) => {
    if (!sectionNames.has(name)) throw new Error(`unknown template section {{${kind}${name}}}; known: ${[...sectionNames].join(', ')}`);
    const on = Boolean(values[name as keyof TemplateValues]);
    return (kind === '#') === on ? body : '';
  });
  if (/\{\{\s*[#^/]/.test(sectioned)) throw new Error('unbalanced template section: every {{#name}} or {{^name}} needs its {{/name}}');
  return sectioned.replace(/\{\{\s*([a-zA-Z0-9]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`unknown template value {{${name}}}; known: ${Object.keys(values).join(', ')}`);
    return String(values[name as keyof TemplateValues]);
  });
}
