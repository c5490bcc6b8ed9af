// Pure figures of attack phases: benign latency clean vs under attack, recovery, the attacker's shortfalls.
import { encodeHistogram, mergeEncoded, summarizeEncoded, type EncodedHistogram } from '../measure/histogram.js';
import type { AttackPhaseRecord } from '../record/attack.js';
import type { CellRecord, PhaseRecord } from '../record/run.js';
import type { AttackKind } from '../scenario/adversarial-schema.js';
import type { IntervalHistogram, TrafficResult } from '../traffic/types.js';

export interface LatencyFigures {
  p50Us: number;
  p99Us: number;
  p999Us: number;
  requests: number;
  /** Failed or non-2xx benign requests, % of those sent (under attack: over the whole attack phase). */
  errorRatePct: number;
}

export interface AttackFigures {
  variant: string;
  repetition: number;
  phase: string;
  attack: AttackPhaseRecord;
  clean: LatencyFigures | null;
  /** Benign latency in the seconds whose middle is inside the attack window. */
  underAttack: LatencyFigures | null;
  /** From the attack's end to the first second whose benign p99 is within `recoveryBoundUs`; null: not within the phase. */
  recoveryMs: number | null;
  recoveryBoundUs: number | null;
  /**
   * tls-handshake-flood: the proxy's CPU beyond the clean phase's (at its rate of cores, over the attack phase), per
   * attack handshake completed, µs; null for other kinds, without handshakes, or when a phase is not a result.
   */
  cpuUsPerAttackHandshake: number | null;
  /**
   * The proxy's RSS when the attack phase started (the cell's first proxy sample at or after the phase start), bytes;
   * null without one. Memory growth is read against it, so earlier phases' memory is not counted to this attack.
   */
  proxyRssAtStartBytes: number | null;
  cleanPhase: PhaseRecord | undefined;
  attackPhase: PhaseRecord;
  /** Why the clean or the attack phase is not a result (its figures are then null, its resources not reported); empty when both are valid. */
  invalid: string[];
}

/** The clean phase when it is a result (valid), else undefined: an invalid phase's numbers are never reported. */
export const validClean = (f: AttackFigures): PhaseRecord | undefined => (f.cleanPhase?.validity.valid ? f.cleanPhase : undefined);
/** The attack phase when it is a result (valid), else undefined. */
export const validAttack = (f: AttackFigures): PhaseRecord | undefined => (f.attackPhase.validity.valid ? f.attackPhase : undefined);

const errorRate = (t: TrafficResult) => {
  const failed = t.non2xx + Object.values(t.errors).reduce((a, b) => a + b, 0);
  const total = t.requests + Object.values(t.errors).reduce((a, b) => a + b, 0);
  return total > 0 ? (failed / total) * 100 : 0;
};

function figures(latencyUs: EncodedHistogram, requests: number, errorRatePct: number): LatencyFigures {
  const s = summarizeEncoded(latencyUs);
  return { p50Us: s.p50Us, p99Us: s.p99Us, p999Us: s.p999Us, requests, errorRatePct };
}

const middle = (i: IntervalHistogram) => (i.startMs + i.endMs) / 2;

/** Pure: the intervals (seconds) whose middle is inside [startMs, endMs), merged; null when none is. */
export function mergeWindow(intervals: readonly IntervalHistogram[], startMs: number, endMs: number): EncodedHistogram | null {
  const inside = intervals.filter((i) => middle(i) >= startMs && middle(i) < endMs);
  return inside.length === 0 ? null : encodeHistogram(mergeEncoded(inside.map((i) => i.latencyUs)));
}

/** Pure: ms from `attackEndMs` to the start of the first later interval whose p99 is within `boundUs`; null if none. */
export function recoveryMs(intervals: readonly IntervalHistogram[], attackEndMs: number, boundUs: number): number | null {
  const after = intervals.filter((i) => middle(i) >= attackEndMs).sort((a, b) => a.startMs - b.startMs);
  const back = after.find((i) => summarizeEncoded(i.latencyUs).p99Us <= boundUs);
  return back === undefined ? null : Math.max(0, Math.round(back.startMs - attackEndMs));
}

/** Back to normal: a second whose p99 is at most 1.5 × the clean p99 + 1 ms. */
export const recoveryBound = (cleanP99Us: number) => Math.round(cleanP99Us * 1.5 + 1000);

/** Attacks whose `rate` is new connections per second; the floods open `connections` once and send on them. */
const opensAtRate: ReadonlySet<AttackKind> = new Set(['slowloris', 'slow-body', 'slow-read', 'connection-flood', 'tls-handshake-flood', 'tls-hello-dribble']);

/** Pure: proxy CPU µs per attack handshake beyond the clean phase's CPU rate (see AttackFigures); null where it cannot be said. */
export function cpuUsPerAttackHandshake(attack: PhaseRecord, clean: PhaseRecord | undefined): number | null {
  const handshakes = attack.attack?.attacker?.tls?.handshakes ?? 0;
  const [a, c] = [attack.resources.proxy, clean?.resources.proxy];
  if (attack.attack?.kind !== 'tls-handshake-flood' || handshakes === 0 || !a || !c || !attack.validity.valid || !clean?.validity.valid) return null;
  const extraCpuSeconds = a.cpuSeconds - c.cpuCores * (attack.durationMs / 1000);
  return Math.max(0, Math.round((extraCpuSeconds * 1e6) / handshakes));
}

/** Connections the attack meant to open in its duration. */
export function plannedConnections(a: AttackPhaseRecord): number {
  if (!opensAtRate.has(a.kind)) return a.params.connections;
  return Math.min(a.params.connections, Math.floor((a.params.ratePerSec * a.params.durationMs) / 1000));
}

/** Below this share of its plan the attacker is said to have fallen short (it runs at idle priority beside the generator). */
const attackerShortRatio = 0.9;
/** Below this share of the attack's connections open at the proxy, the proxy is said not to have taken them. */
const heldShortRatio = 0.5;

/** Pure: what a reader of one attack row must know besides its figures, one clause each. */
export function attackNotes(a: AttackPhaseRecord): string[] {
  if (a.attacker === null) return [`the attacker reported nothing: ${a.error ?? 'unknown error'}`];
  const notes: string[] = [];
  const planned = plannedConnections(a);
  const opened = a.attacker.connectionsOpened;
  if (opened < planned * attackerShortRatio) {
    notes.push(`the attacker opened ${opened} of ${planned} planned connections (it runs at idle priority: a busy attacker core slows the attack, never the benign traffic)`);
  }
  const tls = a.attacker.tls;
  const errors = Object.entries(tls?.handshakeErrors ?? {});
  if (errors.length > 0) notes.push(`handshakes that failed after the TCP connect: ${errors.map(([code, n]) => `${n} ${code}`).join(', ')}`);
  if (tls && tls.resumed > 0) notes.push(`${tls.resumed} flood handshakes resumed a session (none was offered)`);
  if (tls && tls.handshakesInProgressAtEnd > 0) {
    notes.push(`${tls.handshakesInProgressAtEnd} of ${opened} flood connections were still in their handshake when the attack ended (the attacker runs at idle priority: on a busy core its TLS client falls behind)`);
  }
  // A handshake flood that closes each connection at once holds none on purpose.
  const meantToHold = !(a.kind === 'tls-handshake-flood' && a.params.hold !== true);
  if (meantToHold && a.proxyConnectionsPeak !== null && opened >= 50 && a.proxyConnectionsPeak < Math.min(opened, a.attacker.maxOpen) * heldShortRatio) {
    const held = `the proxy never held most attack connections (peak ${a.proxyConnectionsPeak} established on its port, ${a.attacker.maxOpen} open at the attacker)`;
    const unaccepted = a.proxyUnacceptedPeak ?? 0;
    notes.push(unaccepted >= a.attacker.maxOpen * heldShortRatio
      ? `${held}: up to ${unaccepted} waited in the kernel in SYN_RECV, never accepted (a listener with TCP_DEFER_ACCEPT accepts a connection only once it sends data)`
      : `${held}: it closed them or left them in its accept queue`);
  }
  return notes;
}

/** Pure: the proxy's RSS at a phase's start from the cell's series (its first sample at or after `startMs`); null without one. */
export function rssAtStart(cell: CellRecord, phase: PhaseRecord): number | null {
  const first = (cell.timeseries.proxy ?? []).find((p) => p.tMs >= phase.startMs && p.tMs <= phase.endMs);
  return first === undefined ? null : first.rssBytes;
}

/** Pure: every attack phase of every cell with its clean phase's figures. */
export function attackFigures(cells: readonly CellRecord[]): AttackFigures[] {
  return cells.flatMap((cell) =>
    cell.phases.flatMap((phase): AttackFigures[] => {
      if (!phase.attack) return [];
      const a = phase.attack;
      const cleanPhase = cell.phases.find((p) => p.name === a.clean);
      const cleanValid = cleanPhase?.validity.valid === true;
      const clean = cleanPhase && cleanValid ? figures(cleanPhase.traffic.latencyUs, cleanPhase.traffic.requests, errorRate(cleanPhase.traffic)) : null;
      const window = phase.validity.valid ? mergeWindow(phase.traffic.intervals, a.window.startMs, a.window.endMs) : null;
      const underAttack = window ? figures(window, summarizeEncoded(window).count, errorRate(phase.traffic)) : null;
      const bound = clean ? recoveryBound(clean.p99Us) : null;
      const invalid = [
        ...(cleanPhase && !cleanValid ? [`clean phase ${a.clean} invalid: ${cleanPhase.validity.reasons.join('; ')}`] : []),
        ...(cleanPhase ? [] : [`clean phase ${a.clean} did not run`]),
        ...(phase.validity.valid ? [] : [`attack phase ${phase.name} invalid: ${phase.validity.reasons.join('; ')}`]),
      ];
      return [{
        variant: cell.variant, repetition: cell.repetition, phase: phase.name, attack: a, clean, underAttack, cleanPhase, attackPhase: phase, proxyRssAtStartBytes: rssAtStart(cell, phase),
        cpuUsPerAttackHandshake: cpuUsPerAttackHandshake(phase, cleanPhase),
        recoveryMs: bound === null || !phase.validity.valid ? null : recoveryMs(phase.traffic.intervals, a.window.endMs, bound), recoveryBoundUs: bound, invalid,
      }];
    }),
  );
}
