// Doc test: the README's .hlog commands, run as written, with the real tools (Java HistogramLogProcessor, hdr-histogram-js).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLatencyHistogram, encodeHistogram, mergeEncoded } from '../measure/histogram.js';
import type { PhaseRecord } from '../record/run.js';
import { repoRoot } from '../testing/cli.js';
import { renderHlog } from './hlog.js';

const readmeFile = 'results/latest/hlog/nginx.steady-2k.benign.r1.hlog';

/** The README block between `<!-- NAME:begin … -->` and `<!-- NAME:end -->`, fences removed. */
function readmeBlock(name: string): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- ${name}:begin[^>]*-->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name}:end -->`).exec(readme);
  assert.ok(match, `README.md has the ${name} block`);
  return match[1]!;
}

/** Three 1-second intervals: 100–1099 µs shifted by 10 µs each second, plus one 5 ms outlier each. */
function fixture(dir: string): { file: string; intervals: string[] } {
  const intervals = [0, 1, 2].map((i) => {
    const h = createLatencyHistogram();
    for (let v = 100; v < 1100; v++) h.recordValue(v + i * 10);
    h.recordValue(5000 + i);
    return encodeHistogram(h);
  });
  const phase = { traffic: { startedAtMs: 1_764_600_000_000, intervals: intervals.map((latencyUs, i) => ({ startMs: i * 1000, endMs: (i + 1) * 1000, latencyUs })) } };
  const file = join(dir, 'nginx.steady-2k.benign.r1.hlog');
  writeFileSync(file, renderHlog(phase as unknown as PhaseRecord, 'nginx.steady-2k.benign.r1'));
  return { file, intervals };
}

function missing(tool: string): boolean {
  return spawnSync(tool, ['-version'], { stdio: 'ignore' }).error !== undefined;
}

test('README: HistogramLogProcessor prints the percentiles of the file, in ms, as written', (t) => {
  const absent = ['java', 'mvn'].filter(missing);
  if (absent.length > 0) return t.skip(`${absent.join(' and ')} not installed: the README's HistogramLogProcessor command cannot be run here`);
  const dir = mkdtempSync(join(tmpdir(), 'pb-hlog-'));
  try {
    const { file, intervals } = fixture(dir);
    const script = readmeBlock('hlog-java').replaceAll(readmeFile, file);
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    const total = mergeEncoded(intervals);
    const summary = /#\[Max\s*=\s*([\d.]+), Total count\s*=\s*(\d+)\]/.exec(r.stdout);
    assert.ok(summary, `a percentile distribution on stdout:\n${r.stdout}`);
    assert.equal(Number(summary[2]), total.totalCount);
    assert.equal(Number(summary[1]), total.maxValue / 1000);
    const row = (p: number) => r.stdout.split('\n').map((l) => l.trim().split(/\s+/)).find((c) => c.length >= 3 && Math.abs(Number(c[1]) - p) < 1e-12);
    for (const p of [0.5, 0.9]) {
      const cells = row(p);
      assert.ok(cells, `a row for percentile ${p}`);
      assert.equal(Number(cells[0]), Number((total.getValueAtPercentile(p * 100) / 1000).toFixed(3)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("README: hdr-histogram-js's log reader sums the file's intervals to the phase's histogram", () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-hlog-'));
  try {
    const { file, intervals } = fixture(dir);
    const script = readmeBlock('hlog-js').replaceAll(readmeFile, file);
    const r = spawnSync(process.execPath, ['--input-type=module'], { input: script, cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const total = mergeEncoded(intervals);
    assert.equal(
      r.stdout.trim(),
      `p50 ${total.getValueAtPercentile(50)} µs, p99 ${total.getValueAtPercentile(99)} µs, p99.9 ${total.getValueAtPercentile(99.9)} µs, ${total.totalCount} requests`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
