// Pure: probe file text → probes with their bytes expanded, or every problem found (file, probe, field, message).
import { parse as parseYaml } from 'yaml';
import { formatDurationMs } from '../../shared/units.js';
import { expandProbeText, ProbeTextError, probeTag } from './expand.js';
import { probeFileSchema, type Probe, type ProbeSource, type ProbeStep } from './probe-schema.js';

export interface CatalogueParse {
  probes: Probe[];
  problems: string[];
}

export function parseProbeFile(text: string, file: string): CatalogueParse {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return { probes: [], problems: [`${file}: YAML syntax: ${(error as Error).message.split('\n')[0]}`] };
  }
  const result = probeFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${file}: ${locate(raw, i.path.filter((k) => typeof k !== 'symbol') as (string | number)[])}: ${i.message}`);
    return { probes: [], problems };
  }
  const probes: Probe[] = [];
  const problems: string[] = [];
  for (const source of result.data.probes) {
    try {
      probes.push(toProbe(source, file));
    } catch (error) {
      if (!(error instanceof ProbeTextError)) throw error;
      problems.push(`${file}: probe ${source.id}: ${error.message}`);
    }
  }
  return { probes, problems };
}

function toProbe(source: ProbeSource, file: string): Probe {
  const { send, parts, h2, ...rest } = source;
  if ([send, parts, h2].filter((x) => x !== undefined).length !== 1) throw new ProbeTextError('give one of `send` (the bytes), `parts` (bytes and pauses) or `h2` (an HTTP/2 request)');
  const tag = probeTag(source.id, source.tag);
  if (h2 !== undefined) {
    const text = (t: string) => expandProbeText(t, tag).toString('latin1');
    const fields = h2.headers.map(([name, value]): [string, string] => [text(name), text(value)]);
    const requires = rest.requires.includes('h2') ? rest.requires : [...rest.requires, 'h2' as const];
    return { ...rest, requires, smuggleTarget: `/SMUG${tag}`, steps: [], h2: { fields, ...(h2.data === undefined ? {} : { data: expandProbeText(h2.data, tag) }) }, file };
  }
  const steps: ProbeStep[] = (parts ?? [{ send: send! }]).map((p) => ('send' in p ? { send: expandProbeText(p.send, tag) } : { pauseMs: p.pause }));
  if (steps.some((s) => 'pauseMs' in s && s.pauseMs > 30_000)) throw new ProbeTextError('a pause may last at most 30s');
  if (rest.timeout !== undefined && (rest.timeout < 100 || rest.timeout > 30_000)) {
    throw new ProbeTextError(`timeout must be between 100ms and 30s (shorter gives false HANG verdicts); got ${formatDurationMs(rest.timeout)}`);
  }
  return { ...rest, smuggleTarget: `/SMUG${tag}`, steps, file };
}

/** "probes[3] (id 05-te-tab).tier" — the probe's id makes the path readable. */
function locate(raw: unknown, path: (string | number)[]): string {
  const [top, index, ...rest] = path;
  if (top !== 'probes' || typeof index !== 'number') return path.join('.') || '(top level)';
  const id = (raw as { probes?: { id?: unknown }[] }).probes?.[index]?.id;
  return `probes[${index}]${typeof id === 'string' ? ` (id ${id})` : ''}${rest.length > 0 ? `.${rest.join('.')}` : ''}`;
}

/** Problems across files: the same id twice. */
export function duplicateIds(probes: readonly Probe[]): string[] {
  const seen = new Map<string, string>();
  return probes.flatMap((p) => {
    const first = seen.get(p.id);
    seen.set(p.id, first ?? p.file);
    return first === undefined ? [] : [`${p.file}: probe id ${p.id} is also in ${first}; ids must be unique`];
  });
}

/** The probes a selection names: 'all', or ids and categories (a name matching neither is a problem). */
export function selectProbes(probes: readonly Probe[], select: readonly string[]): { probes: Probe[]; unknown: string[] } {
  if (select.includes('all')) return { probes: [...probes], unknown: [] };
  const unknown = select.filter((s) => !probes.some((p) => p.id === s || p.category === s));
  return { probes: probes.filter((p) => select.includes(p.id) || select.includes(p.category)), unknown };
}
