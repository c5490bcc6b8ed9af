// Pure: the clean-vs-attack latency row of one attack for report.md and report.html — blank where a phase is not a result.
import type { AttackLatencyFigure } from '../analyze/adversarial.js';
import { formatUs } from '../shared/units.js';

export const attackLatencyHeader = ['variant', 'attack', 'p99 clean', 'p99 under attack', 'Δ', 'p99.9 clean', 'p99.9 under attack', 'Δ'];

const change = (clean: number | undefined, attack: number | undefined) =>
  clean === undefined || attack === undefined || clean <= 0 ? '–' : `${attack >= clean ? '+' : '−'}${Math.abs(((attack - clean) / clean) * 100).toFixed(0)}%`;
const us = (v: number | undefined) => (v === undefined ? '–' : formatUs(v));

/** The six figure cells (plain text), then the reason when a side is invalid ('' otherwise). */
export function attackLatencyCells(f: AttackLatencyFigure): { figures: string[]; invalid: string } {
  const [c, a] = [f.clean ?? undefined, f.underAttack ?? undefined];
  return {
    figures: [us(c?.p99Us), us(a?.p99Us), change(c?.p99Us, a?.p99Us), us(c?.p999Us), us(a?.p999Us), change(c?.p999Us, a?.p999Us)],
    invalid: f.invalid ?? '',
  };
}
