// `proxybench run` refuses, before anything starts, every field the engines would refuse: the line, the fix, exit 3.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExitCode } from '../../shared/exit-codes.js';
import { execa } from 'execa';
import { binPath, tempDir } from '../../testing/cli.js';
import { main } from '../main.js';

const dir = tempDir('validation');

/** A valid scenario; each case replaces one marked line. */
const base = (o: { top?: string; request?: string; open?: string; closed?: string; cpus?: string } = {}) => `name: v
variants: [direct]
${o.cpus ?? 'cpus: { generator: "0", proxy: "0", upstream: "0" }'}
${o.top ?? ''}
${o.request ?? ''}
phases:
  - name: steady
    duration: 10s
    traffic: ${o.closed ?? '{ loop: closed, connections: 4 }'}
  - name: open
    duration: 10s
    traffic: ${o.open ?? '{ loop: open, rate: 100/s }'}
`;

/** Runs the CLI in this process on a scenario text; returns its exit code and what it wrote to stderr. */
async function run(text: string, args: string[] = []): Promise<{ code: number; stderr: string }> {
  const file = join(dir, `s${Math.random().toString(16).slice(2)}.yaml`);
  writeFileSync(file, text);
  const write = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'proxybench', 'run', file, '--out', join(dir, 'out'), ...args]);
    return { code, stderr };
  } finally {
    process.stderr.write = write;
  }
}

const cases: { field: string; text: string; line: number; message: RegExp }[] = [
  { field: 'requestTimeout 0s', text: base({ top: 'requestTimeout: 0s' }), line: 4, message: /requestTimeout: must be between 100ms and 1m .*; got 0s/ },
  { field: 'requestTimeout in minutes', text: base({ top: 'requestTimeout: 5m' }), line: 4, message: /requestTimeout: must be between 100ms and 1m .*; got 5m/ },
  { field: 'quick.phaseDuration 0s', text: base({ top: 'quick: { phaseDuration: 0s }' }), line: 4, message: /quick\.phaseDuration: must be between 100ms and 1h; got 0s/ },
  { field: 'quick.warmupDuration 0s', text: base({ top: 'quick: { warmupDuration: 0s }' }), line: 4, message: /quick\.warmupDuration: must be between 100ms and 1h; got 0s/ },
  { field: 'sampleInterval', text: base({ top: 'sampleInterval: 1ms' }), line: 4, message: /sampleInterval: must be between 10ms and 10s/ },
  { field: 'validity.maxSendLagP99 0s', text: base({ top: 'validity: { maxSendLagP99: 0s }' }), line: 4, message: /validity\.maxSendLagP99: must be between 1µs and 1s; got 0s/ },
  { field: 'slo.p99 0s', text: base({ top: 'slo: { p99: 0s }' }), line: 4, message: /slo\.p99: must be between 1µs and 1m; got 0s/ },
  { field: 'upstream latency beyond the timeout', text: base({ top: 'upstream: { latency: { distribution: fixed, value: 9s } }\nrequestTimeout: 2s' }), line: 4, message: /upstream\.latency\.value: must be shorter than requestTimeout \(2s\)/ },
  { field: 'upstream latency upper bound', text: base({ top: 'upstream: { latency: { distribution: uniform, min: 1ms, max: 1h } }' }), line: 4, message: /upstream\.latency\.max: must be between 0s and 10s/ },
  { field: 'phase duration', text: base({ closed: '{ loop: closed, connections: 4 }\n    warmup: false' }).replace('duration: 10s', 'duration: 2h'), line: 8, message: /phases\[0\]\.duration: must be between 100ms and 1h/ },
  { field: 'rate that sends nothing', text: base({ open: '{ loop: open, rate: 1/m }' }), line: 12, message: /phases\[1\]\.traffic\.rate: 0\.016+\d*\/s sends no request within the phase's duration of 10s; raise the rate to at least 1\/s/ },
  { field: 'rate that sends nothing under --quick', text: base({ open: '{ loop: open, rate: 10/m }' }), line: 12, message: /phases\[1\]\.traffic\.rate: .* sends no request within the phase's --quick duration of 3s/ },
  { field: 'rate beyond the engine', text: base({ open: '{ loop: open, rate: 2000000/s }' }), line: 12, message: /phases\[1\]\.traffic\.rate: must be at most 1000000\/s/ },
  { field: 'Host header', text: base({ request: 'request: { headers: { Host: example.com } }' }), line: 5, message: /request\.headers\.Host: Host is written by the generator .*; remove it/ },
  { field: 'Content-Length header', text: base({ request: 'request: { headers: { content-length: "5" } }' }), line: 5, message: /request\.headers\.content-length: content-length is written by the generator/ },
  { field: 'Transfer-Encoding header', text: base({ open: '{ loop: open, rate: 100/s, request: { headers: { Transfer-Encoding: chunked } } }' }), line: 12, message: /phases\[1\]\.traffic\.request\.headers\.Transfer-Encoding: Transfer-Encoding is written by the generator/ },
  { field: 'CR/LF in a header value', text: base({ request: 'request: { headers: { X-Tag: "a\\r\\nX-Evil: 1" } }' }), line: 5, message: /request\.headers\.X-Tag: a header value may not hold CR, LF or NUL/ },
  { field: 'a body on GET', text: base({ request: 'request: { method: GET, body: 1KiB }' }), line: 5, message: /request\.body: a GET request carries no body: use method: POST, or remove body/ },
  { field: 'CPU range exhausting the heap', text: base({ cpus: 'cpus: { generator: "0-99999999999" }' }), line: 3, message: /cpus\.generator: CPU numbers go up to 8191; got "0-99999999999"/ },
  { field: 'CPU range backwards', text: base({ cpus: 'cpus: { proxy: "1-0" }' }), line: 3, message: /cpus\.proxy: the range 1-0 runs backwards: write it low-high, e\.g\. 0-1/ },
  { field: 'CPU the machine lacks', text: base({ cpus: 'cpus: { upstream: "4000" }' }), line: 3, message: /cpus\.upstream: names CPU 4000, but this machine has CPUs 0-\d+; use CPUs it has/ },
  { field: 'attack interval 0s', text: base({ open: '{ loop: open, rate: 100/s }\n  - name: attacked\n    duration: 10s\n    traffic: { loop: open, rate: 100/s }\n    attack: { kind: slowloris, clean: open, interval: 0s }' }), line: 16, message: /phases\[2\]\.attack\.interval: must be between 10ms and 1m; got 0s/ },
  { field: 'probes.responseTimeout 0s', text: base({ top: 'probes: { responseTimeout: 0s }' }), line: 4, message: /probes\.responseTimeout: must be between 100ms and 30s \(shorter than a proxy takes to answer gives false HANG verdicts\); got 0s/ },
  { field: 'probes.victimTimeout 1h', text: base({ top: 'probes: { victimTimeout: 1h }' }), line: 4, message: /probes\.victimTimeout: must be between 100ms and 30s; got 1h/ },
  { field: 'probes.maxDuration 0s', text: base({ top: 'probes: { maxDuration: 0s }' }), line: 4, message: /probes\.maxDuration: must be between 1s and 2h; got 0s/ },
  { field: 'probes.settle', text: base({ top: 'probes: { settle: 1m }' }), line: 4, message: /probes\.settle: must be between 10ms and 5s; got 1m/ },
  { field: 'probes.bodyTimeout', text: base({ top: 'probes: { bodyTimeout: 0s }' }), line: 4, message: /probes\.bodyTimeout: must be between 100ms and 30s; got 0s/ },
  { field: 'probes.select typo', text: base({ top: 'probes:\n  select: [smugling]' }), line: 5, message: /probes\.select\[0\]: "smugling" is no probe id or category; categories: .*smuggling/ },
  { field: 'probes.dirs missing', text: base({ top: 'probes:\n  dirs: [/nonexistent/probes]' }), line: 5, message: /probes\.dirs\[0\]: cannot read this probe folder: ENOENT/ },
  { field: 'YAML alias bomb', text: `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n${base()}`, line: 1, message: /YAML aliases: they expand beyond 100 nodes .*; write the values out/ },
];

for (const c of cases) {
  test(`bad field: ${c.field} → its line, the fix, exit 3`, async () => {
    const { code, stderr } = await run(c.text);
    assert.equal(code, ExitCode.config, stderr);
    assert.match(stderr, new RegExp(`\\.yaml:${c.line}:\\d+ ${c.message.source}`), stderr);
    assert.match(stderr, /fix: fix the fields named above/);
  });
}

test('a bad probe file in probes.dirs is reported with the scenario, exit 3', async () => {
  const probes = join(dir, 'probes');
  mkdirSync(probes, { recursive: true });
  writeFileSync(join(probes, 'mine.yaml'), 'probes:\n  - id: my-probe\n    category: mine\n    title: t\n    tier: severe\n    expect: e\n    send: "GET / HTTP/1.1\\r\\n\\r\\n"\n    timeout: 0s\n');
  const { code, stderr } = await run(base({ top: `probes:\n  dirs: [${probes}]` }));
  assert.equal(code, ExitCode.config, stderr);
  assert.match(stderr, /probes\.dirs: a probe file is invalid: .*mine\.yaml: probe my-probe: timeout must be between 100ms and 30s .*; got 0s/);
});

test('schema errors and cross-field rules are reported together', async () => {
  const text = base({ top: 'requestTimeout: 0s\nports: { proxy: 20000, upstream: 20000 }' }).replace('duration: 10s', 'duration: soon').replace('name: open', 'name: steady');
  const { code, stderr } = await run(text);
  assert.equal(code, ExitCode.config, stderr);
  assert.match(stderr, /has 3 problems/);
  assert.match(stderr, /:4:\d+ requestTimeout: must be between 100ms and 1m/);
  assert.match(stderr, /:5:\d+ ports\.upstream: must differ from ports\.proxy \(20000\)/);
  assert.match(stderr, /:9:\d+ phases\[0\]\.duration: expected a duration like 30s/);
});

test('--repeat above the scenario cap is a usage error (exit 2) naming the cap', async () => {
  const { code, stderr } = await run(base(), ['--repeat', '101']);
  assert.equal(code, ExitCode.usage, stderr);
  assert.match(stderr, /--repeat <n>' argument '101' is invalid\. expected a whole number from 1 to 100/);
});

test('connections beyond this machine\'s descriptor limit are refused before anything starts (ulimit -n 300), exit 3', async () => {
  const file = join(dir, 'fds.yaml');
  writeFileSync(file, base({ closed: '{ loop: closed, connections: 500 }' }));
  const r = await execa('bash', ['-c', `ulimit -n 300 && exec "$0" run "$1" --out "$2"`, binPath, file, join(dir, 'out')], { reject: false, stdin: 'ignore' });
  assert.equal(r.exitCode, ExitCode.config, r.stderr);
  assert.match(r.stderr, /fds\.yaml:9:\d+ phases\[0\]\.traffic\.connections: 500 connections need \d+ file descriptors in the (proxy|generator) .*, but the descriptor limit here is 300 \(ulimit -Hn\); lower connections to at most \d+ or raise the limit/);
});

test('--retries and the scenario\'s retries are bounded: a usage error (exit 2) or a scenario error (exit 3) naming the bound', async () => {
  for (const bad of ['11', '-1', '1.5']) {
    const { code, stderr } = await run(base(), ['--retries', bad]);
    assert.equal(code, ExitCode.usage, stderr);
    assert.match(stderr, /--retries <n>' argument '.*' is invalid\. expected a whole number from 0 to 10/);
  }
  const { code, stderr } = await run(base({ top: 'retries: 11' }));
  assert.equal(code, ExitCode.config, stderr);
  assert.match(stderr, /retries/);
});
