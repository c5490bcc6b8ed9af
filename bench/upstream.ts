// Benchmark (not a test): req/s of the upstream vs nginx `return 200` under wrk, both pinned, and the applied-delay accuracy for fixed 2 ms.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
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

interface WrkResult { requestsPerSec: number; errors: string }

async function runWrk(options: BenchOptions, port: number): Promise<WrkResult> {
  const child = spawn('taskset', ['-c', String(options.wrkCpu), 'wrk', '-t1', `-c${options.connections}`, `-d${options.durationS}s`,
    `http://${host}:${port}/`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!rate) throw new Error(`cannot read wrk output:\n${out}`);
  const errors = [/Non-2xx or 3xx responses: \d+/, /Socket errors: [^\n]+/].map((re) => re.exec(out)?.[0]).filter(Boolean).join('; ');
  return { requestsPerSec: Number(rate[1]), errors };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function compareThroughput(options: BenchOptions, dir: string): Promise<void> {
  const upstream = await startUpstreamProcess(options, '{"distribution":"none"}');
  const nginx = await startNginx(options, dir);
  const rates = { upstream: [] as number[], nginx: [] as number[] };
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const [name, server] of [['upstream', upstream], ['nginx', nginx]] as const) {
        const result = await runWrk(options, server.port);
        if (result.errors !== '') console.error(`${name} run ${run + 1}: ${result.errors}`);
        rates[name].push(result.requestsPerSec);
      }
    }
  } finally {
    await Promise.all([upstream.stop(), nginx.stop()]);
  }
  const ratio = median(rates.upstream) / median(rates.nginx);
  console.log(`wrk -t1 -c${options.connections} -d${options.durationS}s (CPU ${options.wrkCpu}), servers on CPU ${options.serverCpu}, body ${options.bodyBytes} B`);
  console.log(`| target             | runs (req/s)                 | median req/s |`);
  console.log(`|--------------------|------------------------------|--------------|`);
  console.log(`| upstream (none)    | ${rates.upstream.map(fmt).join(', ').padEnd(28)} | ${fmt(median(rates.upstream)).padStart(12)} |`);
  console.log(`| nginx return 200   | ${rates.nginx.map(fmt).join(', ').padEnd(28)} | ${fmt(median(rates.nginx)).padStart(12)} |`);
  console.log(`ratio upstream / nginx: ${ratio.toFixed(2)}`);
}

async function measureDelayAccuracy(options: BenchOptions, delayUs: number): Promise<void> {
  const upstream = await startUpstreamProcess(options, JSON.stringify({ distribution: 'fixed', us: delayUs }));
  try {
    await runWrk(options, upstream.port);
    const response = await fetch(`http://${host}:${upstream.port}/__pb/stats`);
    const stats = (await response.json()) as { appliedDelayUs: string; requests: number };
    const s = summarizeLatency(decodeHistogram(stats.appliedDelayUs));
    console.log(`\napplied delay, fixed ${delayUs} µs, ${fmt(stats.requests)} requests under wrk -c${options.connections}:`);
    console.log(`  min ${s.minUs}  p50 ${s.p50Us}  p90 ${s.p90Us}  p99 ${s.p99Us}  p99.9 ${s.p999Us}  max ${s.maxUs} µs`);
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
