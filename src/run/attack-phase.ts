// Runs a phase's attack beside its benign traffic: the attacker process, the proxy's connection and fd peaks, the record.
import { hostTcpTables, readPortConnections } from '../measure/connections/tcp-table.js';
import type { RunningTarget } from '../runtime/target.js';
import type { Phase, Scenario } from '../scenario/schema.js';
import type { TrafficResult } from '../traffic/types.js';
import { adversarialAddress, assertStartedTarget } from '../runtime/adversarial-safety.js';
import type { AttackPhaseRecord } from '../record/attack.js';
import { startAttacker } from '../traffic/attacks/attacker.js';
import type { AttackerResult, AttackerSpec } from '../traffic/attacks/protocol.js';
import { proxyFdReader } from '../measure/connections/proxy-fds.js';
import { isH2Attack, type AttackSpec } from '../scenario/adversarial-schema.js';
import { BenchError } from '../shared/errors.js';
import { randomBytes } from 'node:crypto';
import type { TargetAddress } from '../traffic/types.js';

/** Where an HTTP/2 attack goes: the variant's TLS listener (ALPN h2) or its h2c listener, with how to reach it. */
function h2Route(a: AttackSpec, target: RunningTarget, caPem: string | undefined): { address: TargetAddress; h2: NonNullable<AttackerSpec['h2']> } {
  if (a.h2 === 'tls') {
    if (!target.tls || caPem === undefined) throw new BenchError('NO_H2_LISTENER', `the ${a.kind} attack goes to the TLS listener (attack.h2: tls) but ${target.variant} was started without one`);
    return { address: target.tls.address, h2: { via: 'tls', caPem } };
  }
  if (!target.h2c) throw new BenchError('NO_H2_LISTENER', `the ${a.kind} attack goes to an h2c listener (attack.h2: h2c) but ${target.variant} has none (use attack.h2: tls)`, { hint: 'not every proxy serves h2c: see the variant table in README.md' });
  return { address: target.h2c.address, h2: { via: 'h2c' } };
}
import { isTlsAttack } from '../scenario/adversarial-schema.js';
import type { TlsListenOptions } from '../runtime/tls-listener.js';
import { assertAdversarialAddress } from '../traffic/safety.js';

/**
 * How often the proxy's connections and fds are counted during an attack: once a second, one read of each table. A read
 * of /proc/net/tcp{,6} walks the kernel's whole TCP hash table (262,144 buckets here: ≈3.4 ms of kernel CPU for both,
 * however few sockets there are) on whichever core the runner happens to be. Sampled 4× a second with three reads each,
 * it raised nginx's benign p99 from 0.32 ms to 1.66 ms under a one-connection "attack": the harness, not the attack.
 * Once a second it leaves p99 as in the clean phase (0.38 ms both); p99.9 may still carry it (2.2 → 3.4 ms there).
 */
const sampleEveryMs = 1000;

export interface PhaseAttack {
  /** Waits for the attacker's report (it ends on its own at the end of its duration) and builds the record. */
  finish(traffic: TrafficResult): Promise<AttackPhaseRecord>;
  /** The phase ended without traffic (Ctrl-C, a failure): stops the attacker and the sampling at once. */
  abort(): void;
}

/** Where an HTTP/1 or TLS attack goes: the TLS listener for the TLS kinds (local only for now), else the plaintext one (or the vouched container). */
function attackTarget(kind: AttackSpecKind, target: RunningTarget, tls: TlsListenOptions | undefined): { address: TargetAddress; tls?: AttackerSpec['tls'] } {
  if (!isTlsAttack(kind)) return { address: adversarialAddress(target) };
  if (target.tls === undefined || tls === undefined) throw new BenchError('NO_TLS_LISTENER', `attack ${kind} needs a TLS listener, but ${target.variant} was started without one`);
  if (target.vouched) throw new BenchError('NO_TLS_LISTENER', `attack ${kind} goes only to local TLS listeners for now: ${target.variant} runs in a container`, { hint: 'run it with --runtime local' });
  assertAdversarialAddress(target.tls.address, []);
  return { address: target.tls.address, tls: { caPem: tls.material.caPem, version: tls.version } };
}

type AttackSpecKind = NonNullable<Phase['attack']>['kind'];

/** Starts the attack (call right before the benign traffic starts); `tls` is the cell's TLS listener (the TLS kinds and HTTP/2 over TLS go there). */
export async function startPhaseAttack(scenario: Scenario, target: RunningTarget, phase: Phase, tls?: TlsListenOptions): Promise<PhaseAttack> {
  const a = phase.attack!;
  assertStartedTarget(target);
  const route = isH2Attack(a.kind) ? h2Route(a, target, tls?.material.caPem) : undefined;
  const to = route ? { address: route.address } : attackTarget(a.kind, target, tls);
  const spec: AttackerSpec = {
    kind: a.kind, target: to.address, connections: a.connections, ratePerSec: a.rate, intervalMs: a.interval, depth: a.depth,
    durationMs: Math.min(a.duration ?? Infinity, Math.floor((phase.duration * 2) / 3)), // --quick shortens the phase
    ...(route ? { h2: route.h2, maxFrames: a.frames, nonce: randomBytes(6).toString('hex') } : {}),
    ...('tls' in to && to.tls ? { tls: to.tls, hold: a.hold, dribbleBytes: a.dribbleBytes } : {}),
  };
  // A container on the run's own network lists its sockets in its own namespace, under its inner port.
  const tables = target.vouched?.tcpTables ?? hostTcpTables;
  const fds = target.resources ? proxyFdReader(spec.target.port, tables) : undefined;
  const peaks = { connections: null as number | null, unaccepted: null as number | null, fds: null as number | null };
  const sample = () => {
    const c = target.resources ? readPortConnections(spec.target.port, tables, 1) : undefined;
    const f = fds?.();
    if (c !== undefined) {
      peaks.connections = Math.max(peaks.connections ?? 0, c.established);
      peaks.unaccepted = Math.max(peaks.unaccepted ?? 0, c.synRecv);
    }
    if (f !== undefined) peaks.fds = Math.max(peaks.fds ?? 0, f);
  };
  const timer = setInterval(sample, sampleEveryMs);
  let attack: Awaited<ReturnType<typeof startAttacker>>;
  try {
    attack = await startAttacker(spec, scenario.cpus.attacker ?? scenario.cpus.generator, target.vouched ? [target.vouched] : []);
  } catch (error) {
    clearInterval(timer);
    throw error;
  }
  // The attack starts now (its process is up and has been sent the attack), not when its process was asked for.
  const startedAtMs = Date.now();
  const result = attack.result;
  result.catch(() => undefined); // read in finish(); a phase that fails first must not leave it unhandled
  return {
    abort: () => {
      clearInterval(timer);
      attack.kill();
    },
    finish: async (traffic) => {
      let attacker: AttackerResult | null = null;
      let error: string | null = null;
      try {
        attacker = await result;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      } finally {
        clearInterval(timer);
      }
      const startMs = startedAtMs - traffic.startedAtMs;
      return {
        kind: a.kind, clean: a.clean,
        params: { connections: a.connections, ratePerSec: a.rate, intervalMs: a.interval, depth: a.depth, durationMs: spec.durationMs, ...(route ? { h2: a.h2, frames: a.frames } : {}), ...(spec.tls ? { hold: a.hold, dribbleBytes: a.dribbleBytes } : {}) },
        window: { startMs, endMs: startMs + spec.durationMs },
        proxyConnectionsPeak: peaks.connections, proxyUnacceptedPeak: peaks.unaccepted, proxyFdsPeak: peaks.fds, attacker, error,
      };
    },
  };
}

/** Validity rules under attack: only the generator's own problems (saturation, lateness) invalidate the phase. */
export function underAttackValidity(rules: Scenario['validity']): Scenario['validity'] {
  return { ...rules, minAchievedRatio: Number.MIN_VALUE, minUpstreamRatio: Number.MIN_VALUE };
}
