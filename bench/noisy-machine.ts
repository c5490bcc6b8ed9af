// Benchmark: the share of valid open-loop phases with a CPU hog pinned to the generator's CPU, without and with retries and --realtime (issue 11).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { RunRecord } from '../src/record/run.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import { expandCpuList } from '../src/scenario/fields.js';
import { renderTable } from './lib/table.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const scenarioFile = arg('scenario', 'scenarios/quickstart.yaml');
const variants = arg('variants', 'direct,nginx,haproxy');
const runs = Math.min(5, Math.max(1, Number(arg('runs', '2'))));
const only = arg('only', '');
/** Each run is bounded; the whole bench is too (runs × configs × this). */
const runLimitMs = 10 * 60_000;

const configs = [
  { name: 'no hog, --retries 0', hog: false, args: ['--retries', '0'] },
  { name: 'hog, --retries 0 (neither feature)', hog: true, args: ['--retries', '0'] },
  { name: 'hog, retries 2 (the default)', hog: true, args: [] },
  { name: 'hog, retries 2 + --realtime', hog: true, args: ['--realtime'] },
].filter((c) => only === '' || only.split(',').some((o) => c.name.startsWith(o)));

function startHog(cpu: number): ChildProcess {
  return spawn('taskset', ['-c', String(cpu), 'timeout', '900', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }); // bounded even if this bench is killed
}

interface Count { phases: number; valid: number; validFirst: number; attempts: number }

/** Measured open-loop phases of a run: how many, how many valid in the end, how many valid at the first attempt. */
function count(record: RunRecord): Count {
  const open = record.cells.flatMap((c) => c.phases.filter((p) => !p.warmup && p.loop === 'open'));
  return {
    phases: open.length,
    valid: open.filter((p) => p.validity.valid).length,
    validFirst: open.filter((p) => (p.attempt ?? 1) === 1 && p.validity.valid).length,
    attempts: open.reduce((n, p) => n + (p.attempt ?? 1), 0),
  };
}

async function main(): Promise<void> {
  const { scenario } = await loadScenarioFile(scenarioFile);
  const cpu = expandCpuList(scenario.cpus.generator)[0]!;
  const rows: string[][] = [];
  console.log(`scenario ${scenarioFile}, --variants ${variants}, generator CPU ${cpu}, ${runs} run(s) per configuration; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const config of configs) {
    const total: Count = { phases: 0, valid: 0, validFirst: 0, attempts: 0 };
    const perRun: string[] = [];
    for (let r = 0; r < runs; r++) {
      const out = mkdtempSync(join(tmpdir(), 'pb-noisy-'));
      const hog = config.hog ? startHog(cpu) : undefined;
      try {
        const argv = ['run', scenarioFile, '--variants', variants, '--out', out, ...config.args];
        const result = await execa('bin/proxybench', argv, { reject: false, timeout: runLimitMs, stdin: 'ignore', all: true });
        const runDir = readdirSync(out).find((d) => d !== 'latest');
        if (runDir === undefined) throw new Error(`no run folder: ${result.all?.slice(-500)}`);
        const c = count(JSON.parse(readFileSync(join(out, runDir, 'run.json'), 'utf8')) as RunRecord);
        for (const k of Object.keys(total) as (keyof Count)[]) total[k] += c[k];
        perRun.push(`${c.valid}/${c.phases}`);
        console.log(`  ${config.name} #${r + 1}: ${c.valid}/${c.phases} valid (${c.validFirst} at the first attempt, ${c.attempts} attempts), exit ${result.exitCode}, ${join(out, runDir)}`);
      } finally {
        hog?.kill('SIGTERM'); // timeout passes it on to its spinning child
      }
    }
    const pct = (n: number) => `${((n / Math.max(1, total.phases)) * 100).toFixed(0)}%`;
    rows.push([config.name, `${total.valid}/${total.phases} (${pct(total.valid)})`, `${total.validFirst}/${total.phases} (${pct(total.validFirst)})`, String(total.attempts), perRun.join(', ')]);
  }
  console.log(renderTable(['configuration', 'valid open-loop phases', 'valid at attempt 1', 'attempts', 'per run'], rows));
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
