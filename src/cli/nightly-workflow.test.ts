// The nightly recipe (.github/workflows/nightly.yml) uses only commands the project's own tests run, with flags that exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { buildProgram } from './program.js';
import { repoRoot } from '../testing/cli.js';
import { loadScenarioFile } from '../scenario/load.js';
import { minRepetitions } from '../compare/judge.js';

interface Step { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, unknown> }

interface Suite { suite: string; artifact: string; reported: boolean }
interface Job { steps: Step[]; env?: Record<string, string>; strategy?: { 'fail-fast'?: boolean; matrix: { include: Suite[] } } }

const workflow = parse(readFileSync(join(repoRoot, '.github', 'workflows', 'nightly.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const commands = steps.flatMap((s) => (s.run ?? '').split('\n')).map((l) => l.trim()).filter((l) => /^(bin\/proxybench|bash scripts)/.test(l));

test('nightly runs on a schedule and on demand', () => {
  assert.ok(workflow.on.schedule && 'workflow_dispatch' in workflow.on);
});

test('nightly calls only `run` and `compare` (tested end to end) and the setup script, with flags the CLI knows', () => {
  assert.deepEqual(commands.map((c) => c.split(' ').slice(0, 2).join(' ')), ['bash scripts/setup.sh', 'bin/proxybench run', 'bin/proxybench compare', 'bin/proxybench run', 'bin/proxybench run', 'bin/proxybench run']);
  assert.ok(commands.includes('bin/proxybench run scenarios/adversarial.yaml --out results/adversarial'), 'the attacks run after the gate, in their own results folder');
  assert.ok(commands.includes('bin/proxybench run scenarios/memory.yaml --out results/memory'), 'the memory ladders run after the gate, in their own results folder');
  assert.ok(commands.includes('bin/proxybench run scenarios/capacity.yaml --out results/capacity'), 'the rate search runs after the gate, in its own results folder');
  const program = buildProgram(() => undefined);
  for (const line of commands.filter((c) => c.startsWith('bin/proxybench'))) {
    const [, name, ...args] = line.split(/\s+/);
    const command = program.commands.find((c) => c.name() === name)!;
    const known = command.options.map((o) => o.long);
    for (const flag of args.filter((a) => a.startsWith('--'))) assert.ok(known.includes(flag), `${name} ${flag}`);
  }
  assert.ok(commands.includes('bin/proxybench compare results/baselines/nightly results/latest --out results/compare'));
});

test('nightly publishes both reports, keeps the run and promotes only a passing run on the default branch', () => {
  const summary = steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))!.run!;
  assert.match(summary, /report\.md/);
  assert.match(summary, /compare\.md/);
  const promote = steps.find((s) => s.with?.name === '${{ env.BASELINE }}' && s.uses?.startsWith('actions/upload-artifact'))!;
  assert.match(promote.if!, /default_branch/);
  // A scheduled run's payload has no `repository` object: the schedule must be recognised by its event name.
  assert.match(promote.if!, /github\.event_name == 'schedule' \|\|/);
  assert.match(promote.if!, /steps\.gate\.outputs\.code == '0'/);
  assert.ok(steps.some((s) => s.uses?.startsWith('actions/upload-artifact') && s.with?.name === '${{ matrix.artifact }}-run-${{ github.run_id }}'));
});

test('one gated job per suite: nightly.yaml, http2.yaml and http2-adversarial.yaml, each with a baseline of its own and 3 repetitions', async () => {
  const jobs = Object.values(workflow.jobs);
  assert.equal(jobs.length, 1, 'the suites are legs of one job, not copies of it');
  const job = jobs[0]!;
  assert.equal(job.strategy?.['fail-fast'], false, 'a failed gate does not cancel the other suites');
  const suites = job.strategy!.matrix.include;
  assert.deepEqual(suites.map((s) => [s.suite, s.artifact]), [['nightly', 'nightly'], ['http2', 'nightly-http2'], ['http2-adversarial', 'nightly-http2-adversarial']]);
  assert.equal(job.env?.SCENARIO, 'scenarios/${{ matrix.suite }}.yaml');
  assert.equal(job.env?.BASELINE, '${{ matrix.artifact }}-baseline', 'nightly-baseline stays the main suite’s artifact name');
  const run = commands.find((c) => c.startsWith('bin/proxybench run "$SCENARIO"'))!;
  assert.match(run, / --out results$/);
  assert.ok(Number(/--repeat (\d+)/.exec(run)?.[1]) >= minRepetitions, `${run}: compare needs ${minRepetitions} repetitions a side to judge (else inconclusive, never promoted)`);
  const find = steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
  assert.match(String(find.with?.script), /name: process\.env\.BASELINE/);
  assert.equal(steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!.with?.name, '${{ env.BASELINE }}');
  for (const id of ['adversarial', 'memory', 'capacity']) {
    assert.equal(steps.find((s) => (s as { id?: string }).id === id)!.if, 'always() && matrix.reported', `${id} runs after the main suite's gate only`);
  }
  assert.deepEqual(suites.filter((s) => s.reported).map((s) => s.suite), ['nightly']);
  const load = async (suite: string) => (await loadScenarioFile(join(repoRoot, 'scenarios', `${suite}.yaml`))).scenario;
  const http2 = await load('http2');
  assert.ok(http2.phases.some((p) => p.protocol === 'h2' && p.traffic.loop === 'open') && http2.phases.some((p) => p.protocol === 'h2c'), 'benign h2 and h2c');
  assert.ok(http2.phases.some((p) => p.protocol === 'h2' && p.traffic.loop === 'closed'), 'h2load');
  const attacks = await load('http2-adversarial');
  assert.ok(attacks.phases.some((p) => p.attack?.kind === 'h2-rapid-reset'), 'the h2 attacks, gated on forwarded reset streams and new findings');
  assert.ok(attacks.probes !== undefined, 'the h2 downgrade probes, gated on worse verdicts');
});

test('the release gate: its workflow runs scripts/release-gate.sh, which calls only `run` and `compare` with flags the CLI knows', () => {
  const gate = parse(readFileSync(join(repoRoot, '.github', 'workflows', 'release-gate.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, { steps: Step[] }> };
  assert.ok('release' in gate.on && 'workflow_dispatch' in gate.on);
  const runs = Object.values(gate.jobs).flatMap((j) => j.steps).map((s) => s.run ?? '');
  assert.ok(runs.some((r) => r.includes('bash scripts/release-gate.sh "$BASELINE_REF" "$VARIANT" "$SCENARIO"')));
  const verdict = runs.find((r) => r.includes('case "$CODE"'))!;
  assert.match(verdict, /0\) echo "release gate: pass"/);
  assert.match(verdict, /10\).*exit 1/);
  assert.match(verdict, /11\).*exit 1/, 'inconclusive fails a release');
  const script = readFileSync(join(repoRoot, 'scripts', 'release-gate.sh'), 'utf8');
  const calls = script.split('\n').map((l) => l.trim().replace(/^exec /, '')).filter((l) => l.startsWith('bin/proxybench '));
  assert.deepEqual(calls.map((c) => c.split(' ')[1]), ['run', 'compare']);
  const program = buildProgram(() => undefined);
  const flags = (name: string) => program.commands.find((c) => c.name() === name)!.options.map((o) => o.long);
  for (const call of calls) for (const flag of call.split(/\s+/).filter((a) => a.startsWith('--'))) assert.ok(flags(call.split(' ')[1]!).includes(flag), `${call}: ${flag}`);
  for (const flag of script.match(/run (baseline|candidate) (--[a-z-]+)/g)?.map((m) => m.split(' ')[2]!) ?? []) assert.ok(flags('run').includes(flag), flag);
});

test('TLS in the nightly: full and resumed handshake phases in the gated matrix, an idle TLS ladder in memory.yaml', async () => {
  const { scenario: nightly } = await loadScenarioFile(join(repoRoot, 'scenarios', 'nightly.yaml'));
  const modes = nightly.phases.filter((p) => !p.warmup && p.tls).map((p) => p.tls!.mode);
  assert.deepEqual([...new Set(modes)].sort(), ['full', 'resumed'], 'CPU per full and per resumed handshake are gated by compare');
  assert.equal(nightly.slo.cpuPerHandshakeRegressionPct, 10);
  assert.ok(nightly.phases.some((p) => p.warmup && p.tls), 'the TLS path warms up before anything is measured');
  const { scenario: memory } = await loadScenarioFile(join(repoRoot, 'scenarios', 'memory.yaml'));
  assert.ok(memory.phases.some((p) => p.traffic.loop === 'ladder' && p.tls?.mode === 'keepalive'), 'bytes per idle TLS connection beside plaintext');
  assert.ok(commands.includes('bin/proxybench run scenarios/memory.yaml --out results/memory'));
});
