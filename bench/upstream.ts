// Benchmark (not a test): req/s of the upstream vs nginx `return 200` under wrk, both pinned, and the applied-delay accuracy for fixed 2 ms.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeHistogram, summarizeLatency } from '../src/measure/histogram.js';

const upstreamMain = fileURLToPath(new URL('../src/upstream/main.js', import.meta.url));
const host = '127.0.0.1';

interface BenchOptions { durationS: number; connections: number; runs: number; bodyBytes: number; serverCpu: number; wrkCpu: number }

interface Server { port: number; child: ChildProcess; stop(): Promise<void> }

function readOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '50' },
      runs: { type: 'string', default: '3' }, 'body-bytes': { type: 'string', default: '0' },
      'server-cpu': { type: 'string', default: '1' }, 'wrk-cpu': { type: 'string', default: '0' },
    },
  });
  return {
    durationS: Number(values.duration), connections: Number(values.connections), runs: Number(values.runs),
    bodyBytes: Number(values['body-bytes']), serverCpu: Number(values['server-cpu']), wrkCpu: Number(values['wrk-cpu']),
  };
}

/** Starts `command` pinned to `cpu` in its own session (process group), so stop() can end the whole group by its id. */
function startPinned(cpu: number, command: string, args: string[]): ChildProcess {
  return spawn('taskset', ['-c', String(cpu), command, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    process.kill(-child.pid!, 'SIGTERM');
  });
}

async function startUpstreamProcess(options: BenchOptions, latencyJson: string): Promise<Server> {
  const child = startPinned(options.serverCpu, process.execPath, [
    upstreamMain, '--host', host, '--port', '0', '--body-bytes', String(options.bodyBytes), '--latency', latencyJson,
  ]);
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))).port);
    });
    child.once('exit', (code) => reject(new Error(`upstream exited with ${code}`)));
  });
  return { port, child, stop: () => stopGroup(child) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitListening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port }, () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listening on ${host}:${port}`);
}

async function startNginx(options: BenchOptions, dir: string): Promise<Server> {
  const port = await freePort();
  const answer = options.bodyBytes === 0 ? 'return 200;' : `return 200 "${'x'.repeat(options.bodyBytes)}";`;
  const config = [
    'worker_processes 1;', `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log warn;`,
    'events { worker_connections 4096; }',
    `http { access_log off; keepalive_requests 100000000; client_body_temp_path ${dir}/body;`,
    `  server { listen ${host}:${port}; location / { ${answer} } } }`,
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), `${config}\n`);
  const child = startPinned(options.serverCpu, 'nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;']);
  await waitListening(port);
  return { port, child, stop: () => stopGroup(child) };
}

interface WrkResult {
  requestsPerSec: number;
  errors: string;
  /** CPU (in cores) used during the run by processes other than the server's and wrk's. */
  foreignCpu: number;
  /** Server CPU time (user + system, all its processes) per request: a figure other processes barely disturb. */
  serverCpuUsPerRequest: number;
  percentiles: string;
}

const clockTicksPerSec = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** Machine-wide CPU ticks charged to processes, the total, and the ticks of each given process group, from /proc. */
function cpuTicks(groups: number[]): { busy: number; total: number; byGroup: Map<number, number> } {
  const fields = readFileSync('/proc/stat', 'latin1').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  // user + nice + system: time charged to processes (irq/softirq time is charged to none, so it is left out).
  const busy = (fields[0] ?? 0) + (fields[1] ?? 0) + (fields[2] ?? 0);
  const byGroup = new Map(groups.map((g) => [g, 0]));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const group = Number(after[2]);
      const ticks = byGroup.get(group);
      if (ticks !== undefined) byGroup.set(group, ticks + Number(after[11]) + Number(after[12]));
    } catch {
      // the process ended meanwhile
    }
  }
  return { busy, total, byGroup };
}

async function runWrkOnce(options: BenchOptions, server: Server): Promise<WrkResult> {
  const child = spawn('taskset', ['-c', String(options.wrkCpu), 'wrk', '-t1', `-c${options.connections}`, `-d${options.durationS}s`,
    '--latency', `http://${host}:${server.port}/`], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const groups = [server.child.pid!, child.pid!];
  const before = cpuTicks(groups);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const after = cpuTicks(groups);
  const delta = (g: number) => (after.byGroup.get(g) ?? 0) - (before.byGroup.get(g) ?? 0);
  const oursTicks = groups.reduce((sum, g) => sum + delta(g), 0);
  const foreignCpu = (after.busy - before.busy - oursTicks) / ((after.total - before.total) / availableParallelism());
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const requests = /(\d+) requests in/.exec(out);
  if (!rate || !requests) throw new Error(`cannot read wrk output:\n${out}`);
  const errors = [/Non-2xx or 3xx responses: \d+/, /Socket errors: [^\n]+/].map((re) => re.exec(out)?.[0]).filter(Boolean).join('; ');
  const percentiles = ['50', '90', '99'].map((p) => `p${p} ${new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '?'}`).join('  ');
  const serverCpuUsPerRequest = (delta(server.child.pid!) / clockTicksPerSec) * 1e6 / Number(requests[1]);
  return { requestsPerSec: Number(rate[1]), errors, foreignCpu, serverCpuUsPerRequest, percentiles };
}

/** Largest CPU use by other processes (in cores) for a run to count; busier runs are retried. */
const maxForeignCpu = 0.05;
const maxAttempts = 3;

/** Runs wrk until a run is not disturbed by other processes (bounded); returns the last run, flagged if disturbed. */
async function runWrk(options: BenchOptions, server: Server, label: string, beforeAttempt?: () => Promise<void>): Promise<WrkResult> {
  let result: WrkResult | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    await beforeAttempt?.();
    result = await runWrkOnce(options, server);
    if (result.errors !== '') console.error(`${label}: ${result.errors}`);
    if (result.foreignCpu <= maxForeignCpu) return result;
    console.error(`${label}: other processes used ${result.foreignCpu.toFixed(2)} cores during the run; retrying (${attempt}/${maxAttempts})`);
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  return result!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const flag = (r: WrkResult) => `${fmt(r.requestsPerSec)}${r.foreignCpu > maxForeignCpu ? '*' : ''}`;

async function compareThroughput(options: BenchOptions, dir: string): Promise<void> {
  const upstream = await startUpstreamProcess(options, '{"distribution":"none"}');
  const nginx = await startNginx(options, dir);
  const results = { upstream: [] as WrkResult[], nginx: [] as WrkResult[] };
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const [name, server] of [['upstream', upstream], ['nginx', nginx]] as const) {
        results[name].push(await runWrk(options, server, `${name} run ${run + 1}`));
      }
    }
  } finally {
    await Promise.all([upstream.stop(), nginx.stop()]);
  }
  const medianOf = (rs: WrkResult[]) => median(rs.map((r) => r.requestsPerSec));
  const cpuOf = (rs: WrkResult[]) => median(rs.map((r) => r.serverCpuUsPerRequest));
  console.log(`wrk -t1 -c${options.connections} -d${options.durationS}s (CPU ${options.wrkCpu}), servers on CPU ${options.serverCpu}, body ${options.bodyBytes} B`);
  console.log('| target             | runs (req/s)                 | median req/s | server CPU µs/req |');
  console.log('|--------------------|------------------------------|--------------|-------------------|');
  for (const [label, rs] of [['upstream (none)  ', results.upstream], ['nginx return 200 ', results.nginx]] as const) {
    console.log(`| ${label}  | ${rs.map(flag).join(', ').padEnd(28)} | ${fmt(medianOf(rs)).padStart(12)} | ${cpuOf(rs).toFixed(2).padStart(17)} |`);
  }
  console.log(`ratio upstream / nginx: ${(medianOf(results.upstream) / medianOf(results.nginx)).toFixed(2)} (req/s), ` +
    `${(cpuOf(results.nginx) / cpuOf(results.upstream)).toFixed(2)} (requests per CPU second)`);
  if ([...results.upstream, ...results.nginx].some((r) => r.foreignCpu > maxForeignCpu)) {
    console.log('* other processes used the CPUs during this run: the figure is not reliable');
  }
}

async function measureDelayAccuracy(options: BenchOptions, delayUs: number): Promise<void> {
  const upstream = await startUpstreamProcess(options, JSON.stringify({ distribution: 'fixed', us: delayUs }));
  try {
    const reset = async (): Promise<void> => {
      await (await fetch(`http://${host}:${upstream.port}/__pb/stats/reset`, { method: 'POST' })).text();
    };
    const run = await runWrk(options, upstream, `fixed ${delayUs} µs`, reset);
    const response = await fetch(`http://${host}:${upstream.port}/__pb/stats`);
    const stats = (await response.json()) as { appliedDelayUs: string; requests: number };
    const s = summarizeLatency(decodeHistogram(stats.appliedDelayUs));
    console.log(`\napplied delay, fixed ${delayUs} µs, ${fmt(stats.requests)} requests under wrk -c${options.connections} (${flag(run)} req/s):`);
    console.log(`  min ${s.minUs}  p50 ${s.p50Us}  p90 ${s.p90Us}  p99 ${s.p99Us}  p99.9 ${s.p999Us}  max ${s.maxUs} µs`);
    console.log(`  client side (wrk): ${run.percentiles}`);
    console.log(`  p50 error ${s.p50Us - delayUs} µs (${((100 * (s.p50Us - delayUs)) / delayUs).toFixed(2)}%), p99 error ${s.p99Us - delayUs} µs`);
  } finally {
    await upstream.stop();
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const dir = mkdtempSync(join(tmpdir(), 'proxybench-nginx-'));
  try {
    await compareThroughput(options, dir);
    await measureDelayAccuracy(options, 2000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
