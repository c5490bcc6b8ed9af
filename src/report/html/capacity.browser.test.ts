// In headless Chromium: report.html's "Rate at SLO" chart draws p50/p99/p99.9 against offered rate per variant, shades each knee, asks for nothing.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../testing/cli.js';
import { cellsFor, fixtureRecord } from '../../testing/record-fixture.js';
import { searchRecord, withSearches } from '../../testing/search-records.js';
import { withReportPage } from './chromium.js';
import { renderReportHtml } from './render.js';

test('the rate-at-SLO chart overlays every variant’s three percentiles and marks its knee', async () => {
  const record = withSearches(fixtureRecord('capacity', [...cellsFor('nginx', [1000]), ...cellsFor('haproxy', [1000])]), {
    nginx: [searchRecord([[1000, 800], [2000, 1500], [4000, 40_000], [3000, 2500], [3500, 30_000], [3250, 4000], [3375, 20_000]])],
    haproxy: [searchRecord([[1000, 700], [2000, 900], [4000, 1200], [8000, 60_000], [6000, 3000], [7000, 25_000], [6500, 9000], [6750, 15_000]])],
  });
  const html = join(tempDir('capacity-html'), 'report.html');
  writeFileSync(html, renderReportHtml(record));
  const { result, requests } = await withReportPage(html, (page) => page.evaluate(() => {
    const chart = [...document.querySelectorAll('svg.chart')].find((s) => (s.getAttribute('aria-label') ?? '').startsWith('Latency against offered rate'));
    return {
      series: [...(chart?.querySelectorAll('path.series') ?? [])].map((p) => ({ name: p.getAttribute('data-series'), width: p.getBoundingClientRect().width })),
      bands: [...(chart?.querySelectorAll('rect.band') ?? [])].map((r) => r.querySelector('title')?.textContent ?? ''),
      legend: chart?.querySelector('.legend')?.textContent ?? '',
      nav: [...document.querySelectorAll('nav a')].map((a) => a.textContent),
    };
  }));
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'no network request');
  for (const variant of ['nginx', 'haproxy']) {
    for (const p of ['p50', 'p99', 'p99.9']) {
      assert.ok(result.series.some((s) => s.name === `${variant} ${p}` && s.width > 100), `${variant} ${p} drawn: ${JSON.stringify(result.series)}`);
    }
  }
  assert.deepEqual(result.bands.sort(), ['haproxy knee 6500/s', 'nginx knee 3250/s']);
  assert.match(result.legend, /nginx 3250\/s/);
  assert.ok(result.nav.includes('Rate at SLO'));
});
