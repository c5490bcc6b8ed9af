// End-to-end in real headless Chromium: a real run's report.html draws its charts, names every variant, asks for nothing;
// a literal record's probe matrix shows failures red and its short phases' labels never collide.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCli, tempDir, writeScenario, assertRunDone } from '../../testing/cli.js';
import { fixtureRecord } from '../../testing/record-fixture.js';
import type { RunRecord } from '../../record/run.js';
import { withReportPage } from './chromium.js';
import { renderReportHtml } from './render.js';
import { readRunFolder } from '../../record/read.js';

test('report.html of a real run (direct, node, nginx) renders in Chromium with curves, bars, legends and axis labels, offline', async () => {
  const dir = tempDir('html');
  const file = await writeScenario(dir, { name: 'html', variants: ['direct', 'node', 'nginx'], closed: '1s', open: { duration: '1s', rate: '300/s' } });
  const run = await startCli(['run', file, '--out', join(dir, 'results'), '--json']);
  assertRunDone(run);
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
  const record = readRunFolder(runDir);
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

/** nginx with the adversarial scenario's eight phases, 3 s each (`--quick`), then a minute of probe sweep, and three probes (one failing). */
function shortPhasesRecord(): RunRecord {
  const record = fixtureRecord('short-phases', [{ variant: 'nginx', repetition: 1 }]);
  const cell = record.cells[0]!;
  const names = ['warmup', 'clean', 'slowloris', 'slow-body', 'slow-read', 'connection-flood', 'pipeline-flood', 'header-flood'];
  cell.phases = names.map((name, i) => ({ ...cell.phases[0]!, name, warmup: i === 0, startMs: i * 3000, endMs: (i + 1) * 3000, durationMs: 3000 }));
  cell.timeseries.proxy = Array.from({ length: 840 }, (_, i) => ({ tMs: i * 100, cpuSeconds: i * 0.03, rssBytes: 10e6 + (i % 50) * 1e5, processes: 1, threads: 1 }));
  const probe = (id: string, verdict: string, pass: boolean) => ({ probe: id, category: 'smuggling', tier: 'severe', title: id, verdict, pass, reason: '', attempts: [], evidence: null, durationMs: 1 });
  cell.probes = [probe('cl-te', 'REJECT', true), probe('te-te', 'DESYNC', false), probe('bare-lf', 'NORMALIZE', false)] as unknown as NonNullable<typeof cell.probes>;
  return record;
}

test('report.html in Chromium: failing probe cells are red, passing green, with a legend; short phases’ labels never overlap', async () => {
  const html = join(tempDir('html-short'), 'report.html');
  writeFileSync(html, renderReportHtml(shortPhasesRecord()));
  const { result } = await withReportPage(html, (page) =>
    page.evaluate(() => {
      const rgb = (el: Element) => (getComputedStyle(el).backgroundColor.match(/\d+/g) ?? []).map(Number);
      const charts = [...document.querySelectorAll('svg.chart')].filter((svg) => svg.querySelector('rect.band'));
      return {
        cells: [...document.querySelectorAll('table.matrix td .verdict')].map((el) => ({ text: el.textContent ?? '', className: el.className, rgb: rgb(el), width: el.getBoundingClientRect().width })),
        legend: document.querySelector('p.matrix-legend')?.textContent ?? '',
        charts: charts.map((svg) => ({
          bands: [...svg.querySelectorAll('rect.band')].map((r) => r.querySelector('title')?.textContent ?? ''),
          labels: [...svg.querySelectorAll<SVGTextElement>('text.band-label')].map((t) => {
            const b = t.getBBox();
            return { text: t.querySelector('title')?.textContent ?? '', x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height };
          }),
        })),
      };
    }),
  );

  const red = (c: number[]) => c[0]! > 150 && c[1]! < 80 && c[2]! < 80;
  const green = (c: number[]) => c[1]! > c[0]! + 20 && c[1]! > c[2]! + 20;
  const cell = (verdict: string) => result.cells.find((c) => c.text.includes(verdict))!;
  for (const failing of ['DESYNC', 'NORMALIZE']) {
    assert.match(cell(failing).className, /verdict-fail/);
    assert.ok(red(cell(failing).rgb), `${failing} fails: red fill, got rgb(${cell(failing).rgb.join(',')})`);
    assert.match(cell(failing).text, /✘/);
  }
  assert.match(cell('REJECT').className, /verdict-pass/);
  assert.ok(green(cell('REJECT').rgb), `REJECT passes: green fill, got rgb(${cell('REJECT').rgb.join(',')})`);
  assert.ok(result.cells.every((c) => c.width > 60), 'the fill spans the cell');
  assert.match(result.legend, /passes the probe’s tier/);
  assert.match(result.legend, /✘ VERDICT fails it/);

  assert.equal(result.charts.length, 2, 'CPU and RSS charts with phase bands');
  for (const chart of result.charts) {
    assert.equal(chart.bands.length, 8, 'every phase has a band with its name as a tooltip');
    assert.ok(chart.bands.includes('connection-flood'));
    assert.ok(chart.labels.length >= 3, `${chart.labels.length} labels drawn`);
    assert.ok(new Set(chart.labels.map((l) => l.y0)).size > 1, 'labels are staggered');
    for (const a of chart.labels) {
      for (const b of chart.labels) {
        const overlap = a !== b && a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
        assert.ok(!overlap, `labels ${a.text} and ${b.text} overlap: ${JSON.stringify([a, b])}`);
      }
    }
  }
});

test('report.html in Chromium: the verdict block comes first, one row per proxy, its links lead somewhere, long reasons wrap', async () => {
  const record = fixtureRecord('verdict', [
    { variant: 'direct', repetition: 1, latencyUs: 500 },
    { variant: 'nginx', repetition: 1, latencyUs: 1500, cpuPer1k: 0.02 },
    { variant: 'pingora', repetition: 1, latencyUs: 1200, cpuPer1k: 0.01 },
    { variant: 'haproxy', repetition: 1, valid: false },
  ]);
  const long = `generator fell behind its schedule: ${'a very long reason without a break '.repeat(12)}/work/some/very/long/path/${'x'.repeat(300)}`;
  record.cells.find((c) => c.variant === 'haproxy')!.phases[0]!.validity.reasons = [long];
  const html = join(tempDir('html-verdict'), 'report.html');
  writeFileSync(html, renderReportHtml(record));
  const { result, requests } = await withReportPage(html, (page) =>
    page.evaluate(() => {
      const block = document.querySelector('section#verdict');
      const first = document.querySelector('main > section, main > h2');
      const rows = [...(block?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent?.trim() ?? '', bold: getComputedStyle(td).fontWeight === '700' })));
      const links = [...(block?.querySelectorAll('a[href^="#"]') ?? [])].map((a) => a.getAttribute('href')!.slice(1));
      return {
        firstId: first?.id ?? '',
        rows,
        missingTargets: links.filter((id) => !document.getElementById(id)),
        links: links.length,
        swatch: getComputedStyle(block!.querySelector('tbody tr .swatch')!).backgroundColor,
        scrollWidth: document.documentElement.scrollWidth,
      };
    }),
  );
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'no network request');
  assert.equal(result.firstId, 'verdict', 'the verdict block is the first section');
  assert.deepEqual(result.rows.map((r) => r[0]!.text), ['nginx', 'pingora', 'haproxy'], 'one row per proxy, direct is the reference');
  const [nginx, pingora, haproxy] = result.rows;
  assert.deepEqual(nginx!.slice(1, 4).map((c) => c.text), ['+1.00 ms', '+1.00 ms', '0.0200']);
  assert.deepEqual(pingora!.slice(1, 4).map((c) => [c.text, c.bold]), [['+700 µs', true], ['+700 µs', true], ['0.0100', true]], 'the best of each column is bold');
  assert.equal(haproxy![1]!.text, 'invalid');
  assert.equal(result.missingTargets.length, 0, `every link has a target (${result.links} links)`);
  assert.equal(result.swatch, 'rgb(0, 114, 178)', 'nginx has its own colour, whatever ran beside it');
  assert.ok(result.scrollWidth <= 1280, `a long reason wraps instead of widening the page (${result.scrollWidth} px)`);
});
