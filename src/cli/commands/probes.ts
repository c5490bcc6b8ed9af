// `proxybench probes list`: every probe of the catalogue (scenarios/probes/*.yaml) — id, category, tier, expectation.
import { loadCatalogue, shippedCatalogue } from '../../scenario/probes/load-catalogue.js';
import type { Probe } from '../../scenario/probes/probe-schema.js';
import { ExitCode } from '../../shared/exit-codes.js';

export interface ProbesListOptions {
  json: boolean;
  /** Extra probe folders (users' own probes). */
  probeDir: string[];
  category?: string;
}

export async function probesListCommand(options: ProbesListOptions): Promise<number> {
  const { root, folder } = shippedCatalogue();
  const probes = loadCatalogue([folder, ...options.probeDir], root).filter((p) => options.category === undefined || p.category === options.category);
  if (options.json) {
    const rows = probes.map(({ steps, h2, ...p }) => ({ ...p, ...(h2 ? { h2: { headers: h2.fields, ...(h2.data ? { data: h2.data.toString('latin1') } : {}) } } : {}), bytes: steps.reduce((n, s) => n + ('send' in s ? s.send.length : 0), 0), pausesMs: steps.flatMap((s) => ('pauseMs' in s ? [s.pauseMs] : [])) }));
    process.stdout.write(JSON.stringify({ probes: rows }, null, 1) + '\n');
    return ExitCode.ok;
  }
  process.stdout.write(renderProbeList(probes));
  return ExitCode.ok;
}

/** Pure: one line per probe, then its expectation indented; a count per category at the end. */
export function renderProbeList(probes: readonly Probe[]): string {
  const idWidth = Math.max(2, ...probes.map((p) => p.id.length));
  const catWidth = Math.max(8, ...probes.map((p) => p.category.length));
  const lines = probes.map((p) => {
    const extras = [p.oracle !== 'default' ? `oracle: ${p.oracle}` : '', p.requires.length ? `requires ${p.requires.join(', ')}` : '', p.pass ? `passes: ${p.pass.join(' ')}` : ''].filter(Boolean).join('; ');
    return `${p.id.padEnd(idWidth)}  ${p.category.padEnd(catWidth)}  ${p.tier.padEnd(10)}  ${p.title}\n${' '.repeat(idWidth + 2)}expect: ${p.expect}${extras ? ` (${extras})` : ''}`;
  });
  const counts = new Map<string, number>();
  for (const p of probes) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  const summary = `${probes.length} probes: ${[...counts].map(([c, n]) => `${n} ${c}`).join(', ')}`;
  return `${'id'.padEnd(idWidth)}  ${'category'.padEnd(catWidth)}  ${'tier'.padEnd(10)}  title\n${lines.join('\n')}\n${summary}\n`;
}
