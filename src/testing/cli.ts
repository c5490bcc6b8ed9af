// Test helpers: run bin/proxybench as a user would, write throwaway scenarios, pick free loopback ports.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { pickFreePorts } from '../runtime/local/free-ports.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const binPath = join(repoRoot, 'bin', 'proxybench');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `pb-test-${prefix}-`));
}

/** Starts the CLI without waiting; never rejects (inspect exitCode). */
export function startCli(args: string[], cwd = repoRoot): ResultPromise<{ reject: false; all: true; stdin: 'ignore' }> {
  return execa(binPath, args, { cwd, reject: false, all: true, stdin: 'ignore', timeout: 600_000 });
}

/**
 * A free loopback port, picked at random below the kernel's ephemeral range (runtime/local/free-ports.ts): ports from
 * bind(0) come from the ephemeral range, where an outgoing connection may take them, and the kernel hands a port just
 * released to the next bind(0) again (two ports of one scenario were once the same: the scenario was refused).
 */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/** `count` free loopback ports, all different (held open together while picked). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = await pickFreePorts('127.0.0.1', count);
  if (ports.length < count) throw new Error(`found only ${ports.length} of ${count} free loopback ports`);
  return ports;
}

/** A scenario's `ports:` line with two different free ports. */
export async function portsLine(): Promise<string> {
  const [proxy, upstream] = await freePorts(2);
  return `ports: { proxy: ${proxy}, upstream: ${upstream} }`;
}

/**
 * Scenario lines for end-to-end tests, which check the pipeline, not how quiet the machine is: relaxed validity (the
 * rules are unit-tested in src/analyze/validity.test.ts) and a 1 s generator warm-up instead of 6 s (a run's fixed cost,
 * paid by every e2e run; a colder generator only sends later, which the relaxed rules allow).
 */
export const e2eValidity = 'validity: { maxSendLagP99: 1s, maxGeneratorBusy: 1 }';
export const e2eGeneratorWarmup = 'generatorWarmup: 1s';
export const e2eScenarioSettings = `${e2eValidity}\n${e2eGeneratorWarmup}`;

export interface TinyScenario {
  name: string;
  variants: string[];
  warmup?: string;
  closed?: string;
  open?: { duration: string; rate: string };
  extra?: string;
}

/** Writes a short scenario on fresh ports and returns its path. */
export async function writeScenario(dir: string, s: TinyScenario): Promise<string> {
  const [proxyPort, upstreamPort] = await freePorts(2);
  const phases = [
    `  - name: warm\n    warmup: true\n    duration: ${s.warmup ?? '500ms'}\n    traffic: { loop: closed, connections: 8 }`,
    ...(s.closed ? [`  - name: closed\n    duration: ${s.closed}\n    traffic: { loop: closed, connections: 16 }`] : []),
    ...(s.open ? [`  - name: open\n    duration: ${s.open.duration}\n    traffic: { loop: open, rate: ${s.open.rate}, connections: 32 }`] : []),
  ];
  // Relaxed validity and a short generator warm-up (e2eScenarioSettings) unless the test sets its own.
  const validity = s.extra?.includes('validity:') ? '' : e2eValidity;
  const warmup = s.extra?.includes('generatorWarmup:') ? '' : e2eGeneratorWarmup;
  const text = [
    `name: ${s.name}`,
    validity,
    warmup,
    `variants: [${s.variants.join(', ')}]`,
    `ports: { proxy: ${proxyPort}, upstream: ${upstreamPort} }`,
    'upstream: { responseBody: 256 }',
    s.extra ?? '',
    'phases:',
    ...phases,
    '',
  ].join('\n');
  const file = join(dir, `${s.name}.yaml`);
  writeFileSync(file, text);
  return file;
}

export async function isListening(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A run that finished: exit 0, or exit 6 (ExitCode.noValidResult) when a measured phase had no valid repetition on a
 * loaded machine — then the run must say so, naming the phase and why. Pipeline tests use this; validity has its own tests.
 */
export function assertRunDone(result: { exitCode?: number; stderr: string; all?: string }): void {
  if (result.exitCode === 6) {
    if (!/\d+ of \d+ measured phases have no valid result/.test(result.stderr) || !/no valid result: \S+ \S+: ./.test(result.stderr)) {
      throw new Error(`exit 6 without naming the phases that have no valid result:\n${result.all ?? result.stderr}`);
    }
    return;
  }
  if (result.exitCode !== 0) throw new Error(`run exited ${result.exitCode}:\n${result.all ?? result.stderr}`);
}
