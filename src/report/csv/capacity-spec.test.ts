// capacity.csv from a literal record: the rate at SLO, its figures, per proxy core, and memory from the idle ladder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capacityRows } from '../../analyze/capacity.js';
import { cellsFor, fixtureRecord } from '../../testing/record-fixture.js';
import { ladder, step } from '../../testing/ladder-records.js';
import { searchRecord, withSearches } from '../../testing/search-records.js';
import { toTable } from './columns.js';
import { capacitySpec } from './capacity-spec.js';

test('one row per variant × repetition × search: rate at SLO, bound, figures at that step, bytes per idle connection', () => {
  const base = fixtureRecord('r', [...cellsFor('direct', [500]), ...cellsFor('nginx', [1000])], {
    cellExtras: { ladders: [ladder('idle', [step(0, 1e6), step(1000, 1e6 + 2048 * 1000)], { fit: { bytesPerConn: 2048, baseBytes: 1e6, r2: 0.99, points: 2 } })] },
  });
  const record = withSearches(base, {
    direct: [searchRecord([[1000, 500], [2000, 'invalid'], [2000, 'invalid']])],
    nginx: [searchRecord([[1000, 1000], [2000, 3000], [4000, 50_000], [3000, 4000], [3500, 60_000], [3250, 5000], [3375, 70_000]])],
  });
  const [header, ...rows] = toTable(capacitySpec, capacityRows(record));
  const at = (row: (string | number)[], name: string) => row[header!.indexOf(name)];
  assert.equal(rows.length, 2);
  const [direct, nginx] = rows as [(string | number)[], (string | number)[]];
  assert.equal(at(nginx, 'rate_at_slo_rps'), 3250);
  assert.equal(at(nginx, 'beyond_rps'), 3375);
  assert.equal(at(nginx, 'bounded_by'), 'slo');
  assert.equal(at(nginx, 'resolved'), 'TRUE');
  assert.equal(at(nginx, 'rate_is_lower_bound'), 'FALSE');
  assert.equal(at(nginx, 'p99_us_at_slo'), 5000);
  assert.equal(at(nginx, 'proxy_cpus'), 1);
  assert.equal(at(nginx, 'rate_at_slo_per_proxy_cpu_rps'), 3250);
  assert.equal(at(nginx, 'cpu_layout'), 'generator 0; proxy 1; upstream 1');
  assert.equal(at(nginx, 'bytes_per_idle_conn'), 2048);
  assert.equal(at(nginx, 'conns_per_gib'), 524_288);
  assert.equal(at(nginx, 'protocol'), 'http1');
  assert.equal(at(direct, 'bounded_by'), 'generator');
  assert.equal(at(direct, 'rate_is_lower_bound'), 'TRUE');
  assert.equal(at(direct, 'proxy_cpus'), '', 'direct runs no proxy');
});
