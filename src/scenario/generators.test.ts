// How many generator workers a scenario runs, on which CPUs, and the rule that each gets a connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatorCpus } from './generators.js';
import { parseScenarioText } from './parse.js';

const cpus = (generator: string) => ({ generator, proxy: '1', upstream: '1' });

test('one worker per CPU of cpus.generator, or `generators` spread over them in turn', () => {
  assert.deepEqual(generatorCpus({ cpus: cpus('0') }), ['0']);
  assert.deepEqual(generatorCpus({ cpus: cpus('0-1') }), ['0', '1']);
  assert.deepEqual(generatorCpus({ cpus: cpus('0,2-3') }), ['0', '2', '3']);
  assert.deepEqual(generatorCpus({ cpus: cpus('0-1'), generators: 3 }), ['0', '1', '0']);
  assert.deepEqual(generatorCpus({ cpus: cpus('0-3'), generators: 1 }), ['0']);
});

test('every worker needs one of a phase\'s connections: too few is a scenario problem with its line', () => {
  const text = ['name: w', 'variants: [direct]', 'generators: 4', 'phases:', '  - { name: load, duration: 1s, traffic: { loop: closed, connections: 2 } }', ''].join('\n');
  const r = parseScenarioText(text, 'w.yaml');
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.problems.join('\n') : '', /phases\[0\]\.traffic\.connections: 4 generator workers share the connections: use at least 4/);
});
