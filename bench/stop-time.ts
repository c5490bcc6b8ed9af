// Benchmark: how long SIGINT takes to stop a run and every process it started, at a few moments (issue 11 asks ≤ 2 s).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunRecord } from '../src/record/run.js';
import { processTreePids } from '../src/measure/resources/procfs.js';
import { median, renderTable } from './lib/table.js';

const repeats = Math.min(5, Math.max(1, Number(process.argv[process.argv.indexOf('--repeats') + 1] ?? 2) || 2));
/** Bounds: the wait for the moment, the wait for the exit, the wait for the processes to be gone. */
const momentLimitMs = 120_000;
const exitLimitMs = 15_000;

const scenario = (name: string, phases: string, extra = '') => `name: ${name}
variants: [nginx]
cpus: { generator: "0", proxy: "1", upstream: "1" }
phases:
${phases}
${extra}`;

/** Each moment: its scenario, the stderr line after which it is reached, and how long after that line to send SIGINT. */
const moments = [
  {
    name: 'generator warm-up',
    text: scenario('stop-warmup', '  - { name: open, duration: 30s, traffic: { loop: open, rate: 500/s } }'),
    marker: /warming the load generator/, afterMs: 1500,
  },
  {
    name: 'an open-loop phase',
    text: scenario('stop-phase', '  - { name: warm, warmup: true, duration: 1s, traffic: { loop: closed, connections: 8 } }\n  - { name: open, duration: 30s, traffic: { loop: open, rate: 500/s } }'),
    marker: /nginx #1 warm-up warm:/, afterMs: 2000,
  },
  {
    name: 'a probe sweep',
    text: scenario('stop-probes', '  - { name: short, duration: 1s, traffic: { loop: closed, connections: 8 } }', 'probes:\n  select: [all]\n  upstreamPoolSize: 1\n'),
    marker: /nginx #1 short:/, afterMs: 3000,
  },
];

interface StopTime { exitMs: number; goneMs: number; reaperMs: number | null; exitCode: number | null; status: string; processes: number; last: string }

/** Running: it exists and is not a zombie (a dead child its new parent has not reaped yet holds nothing). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A process's command line, shortened (what was still running). */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).map((a) => a.split('/').pop()).join(' ').slice(0, 60);
  } catch {
    return String(pid);
  }
}

async function stopOnce(file: string, marker: RegExp, afterMs: number): Promise<StopTime> {
  const out = mkdtempSync(join(tmpdir(), 'pb-stop-'));
  const child = spawn('bin/proxybench', ['run', file, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  const seen = new Set<number>();
  const watch = setInterval(() => { for (const pid of processTreePids(child.pid!)) seen.add(pid); }, 50);
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const limit = setTimeout(() => reject(new Error(`the moment ${marker} never came:\n${stderr.slice(-1000)}`)), momentLimitMs);
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (marker.test(stderr)) (clearTimeout(limit), resolve());
      });
      void exited.then(() => (clearTimeout(limit), reject(new Error(`the run ended before ${marker}:\n${stderr.slice(-1000)}`))));
    });
    await sleep(afterMs);
    for (const pid of processTreePids(child.pid!)) seen.add(pid);
    clearInterval(watch);
    const t0 = performance.now();
    child.kill('SIGINT');
    const exitCode = await Promise.race([exited, sleep(exitLimitMs).then(() => 'late' as const)]);
    if (exitCode === 'late') throw new Error(`no exit within ${exitLimitMs} ms of SIGINT`);
    const exitMs = performance.now() - t0;
    const all = [...seen].filter((pid) => pid !== child.pid);
    const commands = new Map(all.map((pid) => [pid, commandOf(pid)]));
    // The reaper (src/runtime/local/reaper.ts) is the watchdog that outlives the runner on purpose; timed apart.
    const others = all.filter((pid) => !/reaper\.js/.test(commands.get(pid) ?? ''));
    const reaper = all.filter((pid) => !others.includes(pid));
    let lastSurvivors = '';
    while (others.some((pid) => running(pid)) && performance.now() - t0 < exitLimitMs) {
      lastSurvivors = others.filter((pid) => running(pid)).map((pid) => commands.get(pid)).join(', ');
      await sleep(10);
    }
    const goneMs = performance.now() - t0;
    while (reaper.some((pid) => running(pid)) && performance.now() - t0 < exitLimitMs) await sleep(10);
    const reaperMs = reaper.length > 0 ? performance.now() - t0 : null;
    const runDir = readdirSync(out).find((d) => d !== 'latest');
    const status = runDir ? (JSON.parse(readFileSync(join(out, runDir, 'run.json'), 'utf8')) as RunRecord).status : 'no run.json';
    const left = all.filter((pid) => running(pid));
    return { exitMs, goneMs, reaperMs, exitCode, status: left.length > 0 ? `${status}, ${left.length} left` : status, processes: others.length, last: lastSurvivors };
  } finally {
    clearInterval(watch);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-stop-scenarios-'));
  console.log(`${repeats} stop(s) per moment; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const rows: string[][] = [];
  for (const m of moments) {
    const file = join(dir, `${m.name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, m.text);
    const times: StopTime[] = [];
    for (let r = 0; r < repeats; r++) {
      const t = await stopOnce(file, m.marker, m.afterMs);
      times.push(t);
      console.log(`  ${m.name} #${r + 1}: exit ${t.exitCode} after ${t.exitMs.toFixed(0)} ms, all ${t.processes} processes gone after ${t.goneMs.toFixed(0)} ms (the reaper ${t.reaperMs === null ? 'not started' : `after ${t.reaperMs.toFixed(0)} ms`}), run.json ${t.status}; the last to go: ${t.last || '–'}`);
    }
    rows.push([m.name, `${median(times.map((t) => t.exitMs)).toFixed(0)} ms`, `${Math.max(...times.map((t) => t.exitMs)).toFixed(0)} ms`, `${Math.max(...times.map((t) => t.goneMs)).toFixed(0)} ms`, `${Math.max(...times.map((t) => t.reaperMs ?? 0)).toFixed(0)} ms`, [...new Set(times.map((t) => `${t.exitCode} ${t.status}`))].join('; ')]);
  }
  console.log(renderTable(['SIGINT during', 'exit (median)', 'exit (max)', 'every process gone (max)', 'the reaper gone (max)', 'exit code, run.json'], rows));
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
