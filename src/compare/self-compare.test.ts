// A run compared with itself passes, for every shipped scenario: recorded small runs (src/testing/fixtures/runs/) of each one's shape.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { RunRecord } from '../record/run.js';
import { parseScenarioText } from '../scenario/parse.js';
import { repoRoot } from '../testing/cli.js';
import { compareRuns } from './compare.js';

const runsDir = join(repoRoot, 'src', 'testing', 'fixtures', 'runs');
const shipped = readdirSync(join(repoRoot, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();

for (const file of shipped) {
  test(`scenarios/${file}: its recorded run compared with itself passes, every check judged`, () => {
    const parsed = parseScenarioText(readFileSync(join(repoRoot, 'scenarios', file), 'utf8'), file);
    assert.ok(parsed.ok);
    const scenario = parsed.value.scenario;
    const record = JSON.parse(gunzipSync(readFileSync(join(runsDir, `${scenario.name}.run.json.gz`))).toString('utf8')) as RunRecord;
    // The recording has the shipped scenario's shape: the same phases, kinds of traffic, probe sweep and attacks.
    const shape = (s: RunRecord['scenario']) => s.phases.map((p) => `${p.name}:${p.warmup ? 'warmup' : p.traffic.loop}${p.attack ? `+${p.attack.kind}` : ''}`);
    assert.equal(record.scenario.name, scenario.name);
    assert.deepEqual(shape(record.scenario), shape(scenario));
    assert.equal(Boolean(record.scenario.probes), Boolean(scenario.probes));
    assert.ok(record.cells.some((c) => c.variant !== 'direct' && c.status === 'ok'), 'a proxy ran');
    const result = compareRuns({ baseline: { record, runDir: 'a' }, candidate: { record, runDir: 'a' }, flags: {} });
    const notPassed = result.checks.filter((c) => c.verdict !== 'pass').map((c) => `${c.variant}/${c.phase}/${c.metric}: ${c.verdict} — ${c.message}`);
    assert.deepEqual(notPassed, []);
    assert.ok(result.checks.length > 0, 'something was judged');
    assert.equal(result.verdict, 'pass');
  });
}
