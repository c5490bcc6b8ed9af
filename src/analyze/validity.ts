// Pure: decides whether a phase's numbers may be reported, and says why not; a target that could not keep up is a result.
import type { ResourceFigures, Saturation } from '../record/run.js';
import { summarizeEncoded } from '../measure/histogram.js';
import type { Scenario } from '../scenario/schema.js';
import { shareConnections } from '../traffic/share.js';
import type { TrafficResult } from '../traffic/types.js';
import { tlsReasons } from './tls-validity.js';
import { http2Reasons, streamSlotNote } from './http2-validity.js';

export interface ValidityInput {
  traffic: TrafficResult;
  maxConnections: number;
  generator: ResourceFigures | null;
  upstreamRequests: number | null;
  rules: Scenario['validity'];
}

export interface Validity {
  valid: boolean;
  reasons: string[];
  /** The reasons that are the generator's own (its lag, its busy core, a worker's late start): a re-run may clear them. */
  generatorReasons: string[];
  /** Set when the target saturated (the phase stays valid); null otherwise. */
  saturation: Saturation | null;
}

export function judgeValidity(input: ValidityInput): Validity {
  const { traffic, rules } = input;
  const reasons: string[] = [];
  const generatorReasons: string[] = [];
  const generatorSide = (found: readonly string[]) => (reasons.push(...found), generatorReasons.push(...found));
  let saturation: Saturation | null = null;
  // A phase that could not run here (h2load missing) says so, and nothing else.
  if (traffic.unavailable !== undefined) return { valid: false, reasons: [traffic.unavailable], generatorReasons: [], saturation: null };
  if (traffic.requests === 0) reasons.push('no responses were received');
  // Several workers: each is judged on its own first, so one lagging worker invalidates the phase instead of being
  // averaged away by the others (if every worker meets its share's rules, the merged phase meets them too). Whether
  // the target saturated is the merged phase's: the rate all workers together achieved against the whole target.
  if (traffic.workers) generatorSide(workerReasons(traffic.workers, input.maxConnections, rules));
  if (traffic.kind === 'open' && traffic.targetRatePerSec) {
    const open = judgeOpenLoop(traffic, traffic.targetRatePerSec, input.maxConnections, rules);
    if (!traffic.workers) generatorSide(open.reasons);
    saturation = open.saturation;
  }
  if (traffic.kind === 'closed' && !traffic.workers && input.generator && input.generator.cpuCores > rules.maxGeneratorBusy) {
    generatorSide([
      `generator saturated its core (${pct(input.generator.cpuCores)} CPU > ${pct(rules.maxGeneratorBusy)}): ` +
        'the rate measured is the generator’s, not the target’s',
    ]);
  }
  reasons.push(...tlsReasons(traffic.tls));
  reasons.push(...http2Reasons(traffic.http2));
  if (input.upstreamRequests !== null && traffic.requests > 0) {
    const ratio = input.upstreamRequests / traffic.requests;
    if (ratio < rules.minUpstreamRatio) {
      reasons.push(
        `only ${input.upstreamRequests} of ${traffic.requests} responses reached the upstream (${pct(ratio)}): ` +
          'the proxy answered on its own; check its configuration',
      );
    }
  }
  return { valid: reasons.length === 0, reasons, generatorReasons, saturation: reasons.length === 0 ? saturation : null };
}

/** Whether an invalid phase failed only for the generator's own reasons (a re-run may give a valid result): never when the target or the upstream had a part. */
export function generatorSideOnly(reasons: readonly string[], generatorReasons: readonly string[]): boolean {
  return reasons.length > 0 && reasons.every((r) => generatorReasons.includes(r));
}

function workerReasons(workers: readonly TrafficResult[], maxConnections: number, rules: Scenario['validity']): string[] {
  return workers.flatMap((w, k) => {
    const reasons: string[] = [];
    const name = `generator worker ${(w.share?.index ?? k) + 1} of ${w.share?.count ?? workers.length}`;
    if (w.startLateMs !== undefined && w.startLateMs > rules.maxSendLagP99) {
      reasons.push(`started ${w.startLateMs.toFixed(1)} ms after the common start (limit ${rules.maxSendLagP99} ms): its intervals do not line up with the others'`);
    }
    if (w.kind === 'open' && w.targetRatePerSec) reasons.push(...judgeOpenLoop(w, w.targetRatePerSec, shareConnections(maxConnections, w.share), rules).reasons);
    if (w.kind === 'closed' && (w.generatorBusyFraction ?? 0) > rules.maxGeneratorBusy) {
      reasons.push(`saturated its core (${pct(w.generatorBusyFraction!)} CPU > ${pct(rules.maxGeneratorBusy)}): the rate measured is the generator's, not the target's`);
    }
    return reasons.map((r) => `${name}: ${r}`);
  });
}

/** How late the generator itself was: its busy share of its core and the p99 of its scheduler lag. */
export function generatorLateness(traffic: TrafficResult): { busyFraction: number; schedulerLagP99Us: number } {
  const lag = traffic.schedulerLagUs ?? traffic.sendLagUs;
  return { busyFraction: traffic.generatorBusyFraction ?? 0, schedulerLagP99Us: lag ? summarizeEncoded(lag).p99Us : 0 };
}

/**
 * The attribution. Only the generator's own lateness invalidates an open-loop phase: its busy share of its core, and
 * its scheduler lag — for every scheduled request, how long after its intended time the generator first saw it due
 * (on its scheduler's timer, or when a response freed a connection, whichever came first). Seeing a request due needs
 * no free connection, so waiting for one never enters the scheduler lag; it enters the latency, which is the target's.
 * A rate shortfall while the generator kept its schedule is the target's: the phase stays a result, marked saturated.
 */
function judgeOpenLoop(traffic: TrafficResult, targetRatePerSec: number, maxConnections: number, rules: Scenario['validity']) {
  const reasons: string[] = [];
  const achieved = traffic.achievedRatePerSec / targetRatePerSec;
  const { busyFraction, schedulerLagP99Us } = generatorLateness(traffic);
  const busy = busyFraction > rules.maxGeneratorBusy;
  const lagging = schedulerLagP99Us > rules.maxSendLagP99 * 1000;
  if (busy) reasons.push(`generator saturated: busy ${pct(busyFraction)} of its core (limit ${pct(rules.maxGeneratorBusy)})`);
  if (lagging) {
    reasons.push(
      `generator fell behind its schedule: 1% of requests were noticed due more than ${(schedulerLagP99Us / 1000).toFixed(2)} ms late ` +
        `(limit ${rules.maxSendLagP99} ms; a busy or noisy generator core)`,
    );
  }
  const short = achieved < rules.minAchievedRatio;
  if (!short) return { reasons, saturation: null };
  const unsent = traffic.unsent ?? 0;
  const shortfall = `achieved ${traffic.achievedRatePerSec.toFixed(0)}/s of the ${targetRatePerSec}/s target (${pct(achieved)} < ${pct(rules.minAchievedRatio)})`;
  if (busy || lagging) {
    const cause = unsent > 0
      ? `${unsent} due requests were never sent: the generator was not running when they fell due (see its scheduler lag)`
      : 'the generator could not keep its schedule, so the shortfall cannot be told from the target’s';
    reasons.push(`${shortfall}: ${cause}`);
    return { reasons, saturation: null };
  }
  const timeouts = traffic.errors['timeout'] ?? 0;
  const slotsTaken = traffic.http2 !== undefined && (unsent > 0 || traffic.http2.streamSlotWaits > 0);
  const note = [
    slotsTaken ? streamSlotNote(traffic.http2!, maxConnections, unsent)
      : unsent > 0 ? `all ${maxConnections} connections were busy: ${unsent} due requests still waited for one at the end` : 'responses did not keep up with the schedule',
    traffic.queuePeakRequests !== undefined ? `peak queue ${traffic.queuePeakRequests} requests` : '',
    timeouts > 0 ? `${timeouts} timed out` : '',
  ].filter((s) => s !== '').join('; ');
  const saturation: Saturation = {
    atRatePerSec: traffic.achievedRatePerSec,
    targetRatePerSec,
    queuedAtEnd: unsent,
    queuePeakRequests: traffic.queuePeakRequests ?? null,
    timeouts,
    note: `saturated at ${traffic.achievedRatePerSec.toFixed(0)}/s: ${shortfall}; ${note}`,
  };
  return { reasons, saturation };
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
