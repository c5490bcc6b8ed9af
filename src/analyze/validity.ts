// Pure: decides whether a phase's numbers may be reported, and says why not.
import type { ResourceFigures } from '../record/run.js';
import { summarizeEncoded } from '../measure/histogram.js';
import type { Scenario } from '../scenario/schema.js';
import { shareConnections } from '../traffic/share.js';
import type { TrafficResult } from '../traffic/types.js';
import { tlsReasons } from './tls-validity.js';

export interface ValidityInput {
  traffic: TrafficResult;
  maxConnections: number;
  generator: ResourceFigures | null;
  upstreamRequests: number | null;
  rules: Scenario['validity'];
}

export function judgeValidity(input: ValidityInput): { valid: boolean; reasons: string[] } {
  const { traffic, rules } = input;
  const reasons: string[] = [];
  if (traffic.requests === 0) reasons.push('no responses were received');
  // Several workers: each is judged on its own first, so one lagging worker invalidates the phase instead of being
  // averaged away by the others (if every worker meets its share's rules, the merged phase meets them too).
  if (traffic.workers) reasons.push(...workerReasons(traffic.workers, input.maxConnections, rules));
  if (traffic.kind === 'open' && traffic.targetRatePerSec && !traffic.workers) {
    reasons.push(...openLoopReasons(traffic, traffic.targetRatePerSec, input.maxConnections, rules));
  }
  if (traffic.kind === 'closed' && !traffic.workers && input.generator && input.generator.cpuCores > rules.maxGeneratorBusy) {
    reasons.push(
      `generator saturated its core (${pct(input.generator.cpuCores)} CPU > ${pct(rules.maxGeneratorBusy)}): ` +
        'the rate measured is the generator’s, not the target’s',
    );
  }
  reasons.push(...tlsReasons(traffic.tls));
  if (input.upstreamRequests !== null && traffic.requests > 0) {
    const ratio = input.upstreamRequests / traffic.requests;
    if (ratio < rules.minUpstreamRatio) {
      reasons.push(
        `only ${input.upstreamRequests} of ${traffic.requests} responses reached the upstream (${pct(ratio)}): ` +
          'the proxy answered on its own; check its configuration',
      );
    }
  }
  return { valid: reasons.length === 0, reasons };
}

function workerReasons(workers: readonly TrafficResult[], maxConnections: number, rules: Scenario['validity']): string[] {
  return workers.flatMap((w, k) => {
    const reasons: string[] = [];
    const name = `generator worker ${(w.share?.index ?? k) + 1} of ${w.share?.count ?? workers.length}`;
    if (w.startLateMs !== undefined && w.startLateMs > rules.maxSendLagP99) {
      reasons.push(`started ${w.startLateMs.toFixed(1)} ms after the common start (limit ${rules.maxSendLagP99} ms): its intervals do not line up with the others'`);
    }
    if (w.kind === 'open' && w.targetRatePerSec) reasons.push(...openLoopReasons(w, w.targetRatePerSec, shareConnections(maxConnections, w.share), rules));
    if (w.kind === 'closed' && (w.generatorBusyFraction ?? 0) > rules.maxGeneratorBusy) {
      reasons.push(`saturated its core (${pct(w.generatorBusyFraction!)} CPU > ${pct(rules.maxGeneratorBusy)}): the rate measured is the generator's, not the target's`);
    }
    return reasons.map((r) => `${name}: ${r}`);
  });
}

function openLoopReasons(traffic: TrafficResult, targetRatePerSec: number, maxConnections: number, rules: Scenario['validity']): string[] {
  const reasons: string[] = [];
  const achieved = traffic.achievedRatePerSec / targetRatePerSec;
  const busy = traffic.generatorBusyFraction ?? 0;
  if (busy > rules.maxGeneratorBusy) {
    reasons.push(`generator saturated: busy ${pct(busy)} of its core (limit ${pct(rules.maxGeneratorBusy)})`);
  }
  // Scheduler lag is the generator's own lateness (timers, event loop, CPU taken from it), not queueing for a
  // connection: whatever its cause, it adds to every corrected latency, so the phase cannot be a result.
  const lag = traffic.schedulerLagUs ?? traffic.sendLagUs;
  const lagP99Us = lag ? summarizeEncoded(lag).p99Us : 0;
  const lagging = lagP99Us > rules.maxSendLagP99 * 1000;
  if (achieved < rules.minAchievedRatio) {
    const unsent = traffic.unsent ?? 0;
    const cause =
      unsent > 0 && lagging
        ? `${unsent} due requests were never sent: the generator was not running when they fell due (see its scheduler lag)`
        : unsent > 0
          ? `${unsent} due requests were never sent: all ${maxConnections} connections were busy, so the target could not sustain the rate`
          : 'responses did not keep up with the schedule';
    reasons.push(
      `achieved ${traffic.achievedRatePerSec.toFixed(0)}/s of the ${targetRatePerSec}/s target (${pct(achieved)} < ${pct(rules.minAchievedRatio)}): ${cause}`,
    );
  }
  if (lagging) {
    reasons.push(
      `generator fell behind its schedule: 1% of requests were noticed due more than ${(lagP99Us / 1000).toFixed(2)} ms late ` +
        `(limit ${rules.maxSendLagP99} ms; a busy or noisy generator core)`,
    );
  }
  return reasons;
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
