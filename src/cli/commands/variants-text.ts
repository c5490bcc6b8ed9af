// Pure: the `variants` table; a reason shared by several variants (an engine that does not answer) is said once, below.
import type { Availability } from '../../runtime/local/availability.js';

export interface VariantRow {
  name: string;
  language: string;
  local: Availability;
  docker: Availability;
}

export function renderVariants(rows: VariantRow[]): string {
  const notes: string[] = [];
  const counts = new Map<string, number>();
  const keyOf = (runtime: string, a: Availability) => (a.available ? '' : `${runtime}\u0000${a.reason}\u0000${a.fix}`);
  for (const r of rows) for (const [runtime, a] of [['local', r.local], ['docker', r.docker]] as const) {
    const key = keyOf(runtime, a);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const noteOf = (key: string): number => {
    const index = notes.findIndex((n) => n === key);
    if (index >= 0) return index + 1;
    notes.push(key);
    return notes.length;
  };
  const describe = (runtime: string, a: Availability): string => {
    if (a.available) return `yes${a.version ? ` (${a.version})` : ''}${a.warning ? ` — warning: ${a.warning}` : ''}`;
    const key = keyOf(runtime, a);
    return (counts.get(key) ?? 0) > 1 ? `no: see [${noteOf(key)}] below` : `no: ${a.reason} — fix: ${a.fix}`;
  };
  const width = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map(
    (r) => `${r.name.padEnd(width)}  ${r.language.padEnd(22)} local: ${describe('local', r.local)}\n${' '.repeat(width + 25)}docker: ${describe('docker', r.docker)}`,
  );
  const footnotes = notes.map((key, i) => {
    const [runtime, reason, fix] = key.split('\u0000') as [string, string, string];
    return `[${i + 1}] ${runtime}, ${counts.get(key)} variants: ${reason}\n    fix: ${fix}`;
  });
  return [...lines, ...(footnotes.length > 0 ? ['', ...footnotes] : [])].join('\n') + '\n';
}
