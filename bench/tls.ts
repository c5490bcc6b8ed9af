// Benchmark: the generator's TLS ceiling on one core (full and resumed handshakes/s, keep-alive req/s) beside h2load --h1
// and openssl s_time on the same nginx target with the run's kind of certificate, and generator cores per proxy core.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { summarizeEncoded } from '../src/measure/histogram.js';
import { generateTlsMaterial } from '../src/tls/certificates.js';
import type { TlsKeyType } from '../src/tls/key-types.js';
import { startGenerator, type LoadGeneratorProcess } from '../src/traffic/generator.js';
import type { TlsTransportSpec, TrafficResult } from '../src/traffic/types.js';
import { tempDir } from '../src/testing/cli.js';
import { findMaxRate, type LadderOptions } from './lib/ladder.js';
import { parseProcessTicks, startNoiseMeter } from './lib/noise.js';
import { fmtRate, fmtUs, renderTable } from './lib/table.js';
import { h2loadFull, h2loadKeepAlive, sTime, type PeerRun } from './lib/tls-peers.js';
import { startTlsTarget, type TlsTarget } from './lib/tls-target.js';

const config = {
  generatorCpu: '0', targetCpu: '1', keyType: (process.env.BENCH_TLS_KEY ?? 'rsa2048') as TlsKeyType, bodyBytes: 256,
  stepSec: 3, warmupMs: 1500, maxConnections: 256, timeoutMs: 2000, minAchievedShare: 0.97, maxSendLagP99Us: 1000,
  closedConnections: 50, port: Number(process.env.BENCH_TLS_PORT ?? 24443),
};
/** The whole bench is bounded: past this it exits non-zero whatever it is doing. */
const benchLimitMs = 15 * 60_000;
const handshakeLadder = (startPerSec: number): LadderOptions => ({ startPerSec, growth: 1.5, maxSteps: 7, bisectSteps: 2 });

interface Step {
  tool: string;
  mode: string;
  /** Handshakes (full, resumed) or requests (keepalive) completed per second. */
  perSec: number;
  toolCpuSec: number;
  targetCpuSec: number;
  count: number;
  foreignCores: number;
  note: string;
}

const ticks = (pid: number) => parseProcessTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'), false) / 100;

/** Runs `body` and reads the target's CPU, another process's CPU (our generator) and the machine's other load around it. */
async function measured<T>(target: TlsTarget, generatorPid: number | undefined, body: () => Promise<T>): Promise<{ value: T; targetCpuSec: number; generatorCpuSec: number; foreignCores: number }> {
  const meter = startNoiseMeter([target.pid, ...(generatorPid ? [generatorPid] : [])]);
  const t0 = target.cpuSec();
  const g0 = generatorPid ? ticks(generatorPid) : 0;
  const value = await body();
  return { value, targetCpuSec: target.cpuSec() - t0, generatorCpuSec: generatorPid ? ticks(generatorPid) - g0 : 0, foreignCores: meter.stop().foreignCores };
}

function transport(caPem: string, mode: TlsTransportSpec['mode']): TlsTransportSpec {
  return { kind: 'tls', mode, version: '1.3', caPem, keyType: config.keyType, requestsPerConnection: 1 };
}

const errorsOf = (r: TrafficResult) => Object.values(r.errors).reduce((a, b) => a + b, 0);

/** Ours, open loop: the highest connection (or request) rate it sustains with ≥ 97% achieved, no error, the mode verified. */
async function oursOpen(generator: LoadGeneratorProcess, target: TlsTarget, caPem: string, mode: TlsTransportSpec['mode'], startPerSec: number): Promise<{ best?: Step; trials: string[][] }> {
  const spec = (rate: number, durationMs: number) => ({
    kind: 'open' as const, target: { host: '127.0.0.1', port: target.port }, request: { method: 'GET' as const, path: '/' },
    ratePerSec: rate, maxConnections: config.maxConnections, durationMs, timeoutMs: config.timeoutMs, transport: transport(caPem, mode),
  });
  await generator.run(spec(Math.round(startPerSec / 2), config.warmupMs)); // JIT and session warm-up, not measured
  const steps = new Map<number, Step>();
  let peakPerSec = 0;
  const ladder = await findMaxRate(async (rate) => {
    const m = await measured(target, generator.pid, () => generator.run(spec(rate, config.stepSec * 1000)));
    const r = m.value;
    const tls = r.tls!;
    const share = r.achievedRatePerSec / rate;
    const modeOk = mode === 'full' ? tls.resumed === 0 : mode === 'resumed' ? tls.resumed === tls.handshakes : true;
    const lagP99 = summarizeEncoded(r.sendLagUs!).p99Us;
    // New-connection modes: the connect and handshake are part of each request's wait, so send lag is no criterion there.
    const passed = share >= config.minAchievedShare && errorsOf(r) === 0 && modeOk && (mode !== 'keepalive' || lagP99 <= config.maxSendLagP99Us);
    const count = mode === 'keepalive' ? r.requests : tls.handshakes;
    if (errorsOf(r) === 0 && modeOk) peakPerSec = Math.max(peakPerSec, count / config.stepSec);
    steps.set(rate, {
      tool: 'proxybench open loop', mode, perSec: count / config.stepSec, toolCpuSec: m.generatorCpuSec, targetCpuSec: m.targetCpuSec, count, foreignCores: m.foreignCores,
      note: `${(share * 100).toFixed(1)}% achieved`,
    });
    const detail = `achieved ${fmtRate(r.achievedRatePerSec)} (${(share * 100).toFixed(1)}%), handshakes ${tls.handshakes} (resumed ${tls.resumed}), errors ${errorsOf(r)}, ` +
      `p99 ${fmtUs(summarizeEncoded(r.latencyUs).p99Us)}, send-lag p99 ${fmtUs(lagP99)}, generator ${(m.generatorCpuSec / config.stepSec * 100).toFixed(0)}% of a core, ` +
      `nginx ${(m.targetCpuSec / config.stepSec * 100).toFixed(0)}%, others ${m.foreignCores.toFixed(2)} cores`;
    console.log(`  ours ${mode} ${fmtRate(rate)}: ${passed ? 'pass' : 'fail'}, ${detail}`);
    return { passed, achievedShare: share, detail };
  }, mode === 'keepalive' ? { startPerSec, growth: 1.3, maxSteps: 6, bisectSteps: 2 } : handshakeLadder(startPerSec));
  const trials = ladder.trials.map((t) => [`${mode}`, fmtRate(t.ratePerSec), t.passed ? 'pass' : 'fail', t.detail]);
  const best = ladder.bestPerSec === undefined ? undefined : steps.get(ladder.bestPerSec);
  return { best: best && { ...best, note: `${best.note}; most completed without error ${fmtRate(peakPerSec)}` }, trials };
}

/** Ours, closed loop over TLS keep-alive (autocannon https, our verification): requests per second at 50 connections. */
async function oursClosed(generator: LoadGeneratorProcess, target: TlsTarget, caPem: string): Promise<Step> {
  const spec = { kind: 'closed' as const, target: { host: '127.0.0.1', port: target.port }, request: { method: 'GET' as const, path: '/' }, connections: config.closedConnections, durationMs: config.stepSec * 1000, timeoutMs: config.timeoutMs, transport: transport(caPem, 'keepalive') };
  await generator.run({ ...spec, durationMs: config.warmupMs });
  const m = await measured(target, generator.pid, () => generator.run(spec));
  return { tool: 'proxybench closed loop (autocannon)', mode: 'keepalive', perSec: m.value.requests / config.stepSec, toolCpuSec: m.generatorCpuSec, targetCpuSec: m.targetCpuSec, count: m.value.requests, foreignCores: m.foreignCores, note: `${config.closedConnections} connections` };
}

function peerStep(tool: string, mode: string, m: { value: PeerRun; targetCpuSec: number; foreignCores: number }, note: string): Step {
  return { tool, mode, perSec: m.value.completed / m.value.wallSec, toolCpuSec: m.value.cpuSec, targetCpuSec: m.targetCpuSec, count: m.value.completed, foreignCores: m.foreignCores, note: `${note}${m.value.failed > 0 ? `, ${m.value.failed} failed` : ''}` };
}

/** h2load full handshakes: the highest connection rate it completes (≥ 97% of the rate in its own time, none failed). */
async function h2loadFullCeiling(target: TlsTarget, url: string): Promise<{ best?: Step; trials: string[][] }> {
  const steps = new Map<number, Step>();
  let peakPerSec = 0;
  const ladder = await findMaxRate(async (rate) => {
    const m = await measured(target, undefined, () => h2loadFull(url, config.generatorCpu, rate, config.stepSec));
    const achieved = m.value.completed / m.value.wallSec;
    const share = Math.min(achieved / rate, m.value.completed / Math.round(rate * config.stepSec));
    steps.set(rate, peerStep('h2load --h1 -r', 'full', m, `${(share * 100).toFixed(1)}% achieved`));
    const passed = share >= config.minAchievedShare && m.value.failed === 0;
    if (m.value.failed === 0) peakPerSec = Math.max(peakPerSec, achieved);
    console.log(`  h2load full ${fmtRate(rate)}: ${passed ? 'pass' : 'fail'}, ${fmtRate(achieved)}, failed ${m.value.failed}`);
    return { passed, achievedShare: share, detail: `${fmtRate(achieved)} in ${m.value.wallSec.toFixed(2)} s, failed ${m.value.failed}, h2load ${(m.value.cpuSec / m.value.wallSec * 100).toFixed(0)}% of a core, nginx ${(m.targetCpuSec / m.value.wallSec * 100).toFixed(0)}%, others ${m.foreignCores.toFixed(2)} cores` };
  }, { ...handshakeLadder(200), maxSteps: 6, bisectSteps: 1 });
  const best = ladder.bestPerSec === undefined ? undefined : steps.get(ladder.bestPerSec);
  return { best: best && { ...best, note: `${best.note}; most completed without error ${fmtRate(peakPerSec)}` }, trials: ladder.trials.map((t) => ['h2load full', fmtRate(t.ratePerSec), t.passed ? 'pass' : 'fail', t.detail]) };
}

const cpuUs = (cpuSec: number, count: number) => (count > 0 ? `${Math.round((cpuSec * 1e6) / count)} µs` : 'n/a');

function summaryRow(s: Step): string[] {
  const ratio = s.targetCpuSec > 0 ? (s.toolCpuSec / s.targetCpuSec).toFixed(2) : 'n/a';
  return [s.tool, s.mode, fmtRate(s.perSec), cpuUs(s.toolCpuSec, s.count), cpuUs(s.targetCpuSec, s.count), ratio, s.foreignCores.toFixed(2), s.note];
}

async function machine(label: string): Promise<string> {
  const up = (await execa('uptime', [], { reject: false })).stdout.trim();
  const line = `machine ${label}: ${up}`;
  console.log(line);
  return line;
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => { console.error(`bench exceeded ${benchLimitMs / 1000} s: aborting`); process.exit(2); }, benchLimitMs);
  watchdog.unref();
  await execa('taskset', ['-a', '-p', '-c', config.generatorCpu, String(process.pid)]);
  const dir = tempDir('bench-tls');
  const before = await machine('before');
  const material = await generateTlsMaterial(dir, config.keyType, new Date());
  const target = await startTlsTarget(join(dir, 'nginx'), config.port, config.targetCpu, material, config.bodyBytes);
  const url = `https://127.0.0.1:${target.port}/`;
  const generator = await startGenerator({ cpus: config.generatorCpu });
  const rows: Step[] = [];
  const trials: string[][] = [];
  try {
    console.log(`target: nginx pid ${target.pid} on CPU ${config.targetCpu}, ${url}, ${config.keyType}, TLS 1.3 TLS_AES_128_GCM_SHA256, ${config.bodyBytes} B responses; ` +
      `every tool on CPU ${config.generatorCpu}, ${config.stepSec} s a step`);
    for (const [mode, start] of [['full', 200], ['resumed', 400], ['keepalive', 3000]] as const) {
      const r = await oursOpen(generator, target, material.caPem, mode, start);
      trials.push(...r.trials);
      if (r.best) rows.push(r.best);
      else rows.push({ tool: 'proxybench open loop', mode, perSec: NaN, toolCpuSec: 0, targetCpuSec: 0, count: 0, foreignCores: 0, note: 'no step passed' });
    }
    rows.push(await oursClosed(generator, target, material.caPem));
    const h2full = await h2loadFullCeiling(target, url);
    trials.push(...h2full.trials);
    if (h2full.best) rows.push(h2full.best);
    rows.push({ tool: 'h2load --h1', mode: 'resumed', perSec: NaN, toolCpuSec: 0, targetCpuSec: 0, count: 0, foreignCores: 0, note: 'cannot: Debian\'s h2load 1.52 never resumes' });
    rows.push(peerStep('h2load --h1 -c 50', 'keepalive', await measured(target, undefined, () => h2loadKeepAlive(url, config.generatorCpu, config.closedConnections, config.stepSec)), `${config.closedConnections} connections, closed loop`));
    writeFileSync(join(dir, 'ca.pem'), material.caPem);
    for (const mode of ['new', 'reuse'] as const) {
      const m = await measured(target, undefined, () => sTime('127.0.0.1', target.port, join(dir, 'ca.pem'), config.generatorCpu, mode, config.stepSec));
      rows.push(peerStep(`openssl s_time -${mode}`, mode === 'new' ? 'full' : 'resumed', m, 'one connection at a time'));
    }
  } finally {
    await generator.stop();
    await target.stop();
  }
  console.log('\nLadder steps');
  console.log(renderTable(['mode', 'target', 'step', 'measured'], trials));
  console.log(`\nTLS ceiling on one generator core (CPU ${config.generatorCpu}) against nginx on one core (CPU ${config.targetCpu}); per handshake for full/resumed, per request for keepalive`);
  console.log(renderTable(['tool', 'mode', 'rate', 'tool CPU per op', 'nginx CPU per op', 'tool cores per nginx core', 'other load (cores)', 'note'], rows.map(summaryRow)));
  console.log(before);
  await machine('after');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
