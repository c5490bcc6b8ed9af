// End-to-end in real headless Chromium: a real run's report.html draws its charts, names every variant, asks for nothing.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCli, tempDir, writeScenario } from '../../testing/cli.js';
import type { RunRecord } from '../../run/record.js';
import { withReportPage } from './chromium.js';

test('report.html of a real run (direct, node, nginx) renders in Chromium with curves, bars, legends and axis labels, offline', async () => {
  const dir = tempDir('html');
  const file = await writeScenario(dir, { name: 'html', variants: ['direct', 'node', 'nginx'], closed: '1s', open: { duration: '1s', rate: '300/s' } });
  const run = await startCli(['run', file, '--out', join(dir, 'results'), '--json']);
  assert.equal(run.exitCode, 0, run.all);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const html = join(runDir, 'report.html');
  const written = readFileSync(html, 'utf8');
  assert.match(written, /^<!DOCTYPE html>/);
  const rerender = await startCli(['report', runDir]);
  assert.equal(rerender.exitCode, 0, rerender.all);
  assert.equal(readFileSync(html, 'utf8'), written, '`proxybench report` re-renders the same report.html from run.json');
  const screenshot = join(dir, 'report.png');

  const { result, requests } = await withReportPage(html, async (page) => {
    await page.screenshot({ path: screenshot, fullPage: true });
    return page.evaluate(() => {
      const paths = [...document.querySelectorAll('path.series')].map((p) => ({
        chart: p.closest('svg')?.getAttribute('aria-label') ?? '',
        series: p.getAttribute('data-series'),
        d: p.getAttribute('d') ?? '',
        width: p.getBoundingClientRect().width,
      }));
      return {
        paths,
        bars: [...document.querySelectorAll('rect.bar')].map((r) => r.getAttribute('data-series')),
        legends: [...document.querySelectorAll('svg.chart .legend')].map((g) => g.textContent ?? ''),
        axisLabels: [...document.querySelectorAll('svg.chart .axis-label')].map((t) => t.textContent ?? ''),
        charts: document.querySelectorAll('svg.chart').length,
        scrollWidth: document.documentElement.scrollWidth,
      };
    });
  });

  assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'no network request');
  assert.ok(statSync(screenshot).size > 20_000, 'a screenshot with content');
  const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord;
  const drawn = (chart: string, variant: string) =>
    result.paths.some((p) => p.chart === chart && p.series === variant && /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/.test(p.d) && p.width > 50);
  for (const variant of ['direct', 'node', 'nginx']) {
    const phases = record.cells.find((c) => c.variant === variant)!.phases.filter((p) => !p.warmup);
    for (const phase of phases) {
      const valid = phase.validity.valid;
      assert.equal(drawn(`Latency by percentile — ${phase.name}`, variant), valid, `${variant}/${phase.name}: curve drawn if and only if the phase is valid`);
    }
    assert.equal(phases.length, 2);
    assert.equal(result.bars.includes(variant), phases.some((p) => p.validity.valid), `${variant}: p99 / p99.9 bars for valid phases`);
    assert.ok(result.legends.some((l) => l.includes(variant)), `${variant} in a legend`);
  }
  for (const variant of ['node', 'nginx']) {
    assert.ok(drawn('Proxy CPU (cores used, over 500 ms windows)', variant), `${variant}: CPU over time`);
    assert.ok(drawn('Proxy RSS (resident memory)', variant), `${variant}: RSS over time`);
  }
  for (const label of ['percentile', 'latency (log scale)', 'CPU cores', 'RSS']) {
    assert.ok(result.axisLabels.some((l) => l.startsWith(label)), `axis label "${label}" in ${JSON.stringify(result.axisLabels)}`);
  }
  assert.ok(result.charts >= 6, `${result.charts} charts`);
  assert.ok(result.scrollWidth <= 1280, `fits 1280 px (${result.scrollWidth})`);
});
