// Test fixtures: literal ladder steps and ladder records, and a run record holding them (no processes, no clock).
import type { LadderRecord, LadderStepRecord } from '../record/ladder.js';
import type { RunRecord } from '../record/run.js';
import { parseScenarioText } from '../scenario/parse.js';

/** A settled step holding `held` of `opened` connections at `rssBytes`. */
export function step(target: number, rssBytes: number, held: number | null = target, opened = target): LadderStepRecord {
  return {
    requested: target, target, capped: false, opened, failed: 0, held, closeWait: held === null ? null : 0, clientOpen: opened,
    rssBytes, kernelBytes: null, settled: true, settleMs: 400, settleSamples: 5, settleSpreadPct: 0, clientRssBytes: 50_000_000, tMs: 1000 + target,
  };
}

export function ladder(name: string, steps: LadderStepRecord[], extra: Partial<LadderRecord> = {}): LadderRecord {
  return {
    name, kind: 'idle', status: 'ok', note: null, requestBodyBytes: 0, responseBodyBytes: 1024, activeIntervalMs: null,
    settle: { intervalMs: 100, window: 5, tolerancePct: 0.5, maxWaitMs: 5000 }, fdLimits: { client: 20000, proxy: 20000 },
    capConnections: 19872, stepsNotRun: [], steps, fit: null, fitOn: 'held', closedByProxy: false, upstreamRequests: null,
    client: { responses: 0, non2xx: 0, errors: {}, closedByPeer: 0 }, startMs: 0, endMs: 5000, ...extra,
  };
}

const scenarioText = `name: mem
variants: [direct, nginx]
repetitions: 2
phases:
  - name: idle
    duration: 40s
    traffic: { loop: ladder, kind: idle, steps: [0, 1000, 2000] }
`;

/** A finished run of scenario "mem" with the given cells (variant, repetition, ladders). */
export function runWithLadders(cells: { variant: string; repetition: number; ladders?: LadderRecord[] }[]): RunRecord {
  const parsed = parseScenarioText(scenarioText, 'mem.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return {
    schemaVersion: 1, runId: '20260101-000000-mem-abcd', status: 'complete',
    provenance: {
      tool: { name: 'proxybench', version: '0.1.0', gitRevision: null, gitDirty: null }, node: 'v20',
      scenario: { file: 'mem.yaml', sha256: '0'.repeat(64), name: 'mem', quick: false },
      host: { hostname: 'h', kernel: '6', os: 'Debian', cpuModel: 'cpu', cores: 2, memoryBytes: 1, fdLimit: 20000 },
      runtime: 'local', cpuLayout: { generator: '0', proxy: '1', upstream: '1' }, command: [], startedAt: 'a', endedAt: 'b',
    },
    scenario: parsed.value.scenario,
    upstream: { version: '0.1.0', bodyBytes: 1024, latency: { distribution: 'none' } },
    variants: [
      { name: 'direct', language: 'none', role: 'direct', status: 'available', version: null, skipReason: null, fix: null },
      { name: 'nginx', language: 'C', role: 'proxy', status: 'available', version: '1.22.1', skipReason: null, fix: null },
    ],
    cells: cells.map((c) => ({
      variant: c.variant, repetition: c.repetition, status: 'ok', startedAt: 'a', endedAt: 'b', failure: null, phases: [], timeseries: {},
      ...(c.ladders ? { ladders: c.ladders } : {}),
    })),
  };
}
