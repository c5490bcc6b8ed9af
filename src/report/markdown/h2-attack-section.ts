// Pure: report.md's HTTP/2 attack table (verdict, GOAWAY, frames, forwarded reset streams, cost); '' without h2 attacks.
import type { RunRecord } from '../../record/run.js';
import { h2AttackRows } from '../csv/h2-attacks-spec.js';
import { h2AttackCells, h2AttackHeader } from '../h2-attack-cells.js';

export function renderH2AttackSection(record: RunRecord): string {
  const rows = h2AttackRows(record);
  if (rows.length === 0) return '';
  return [
    '## HTTP/2 attacks',
    '',
    `Raw frames over each variant’s h2 listener beside the benign traffic (“benign”: its protocol, connections × streams; benign h2 shares the proxy’s HTTP/2 implementation with the attacker, and is compared with a clean h2 phase). “forwarded for reset streams”: attack requests the upstream received ÷ streams the attack opened, all of them reset (rapid reset: by the client; MadeYouReset: by the proxy). ✘: a finding (reset streams forwarded, benign tail ≥ 2× clean, RSS + > 64 MiB, a flood taken whole). “– (…)”: the figure is missing, and why. h2-attacks.csv has every count.`,
    '',
    `| ${h2AttackHeader.join(' | ')} |`,
    `|${h2AttackHeader.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${h2AttackCells(r).map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`),
  ].join('\n');
}
