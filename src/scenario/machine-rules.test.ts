// Unit tests of the rules that need the machine: CPUs it has, its descriptor limit, the probe catalogue.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogueView } from './machine-rules.js';
import { parseScenarioText } from './parse.js';

const scenario = (connections: number, extra = '') => `name: m
variants: [direct]
${extra}
phases:
  - name: steady
    duration: 5s
    traffic: { loop: closed, connections: ${connections} }
`;

const problems = (text: string, env: Parameters<typeof parseScenarioText>[2]) => {
  const r = parseScenarioText(text, 's.yaml', env);
  return r.ok ? [] : r.problems;
};

test('connections beyond the descriptor limit name the limit and the most that fit', () => {
  const found = problems(scenario(2000), { fdLimit: 1024, runtime: 'local' });
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0]!, /^s\.yaml:7:\d+ phases\[0\]\.traffic\.connections: 2000 connections need 2128 file descriptors in the proxy .*, but the descriptor limit here is 1024 \(ulimit -Hn\); lower connections to at most 896 or raise the limit$/);
  assert.deepEqual(problems(scenario(800), { fdLimit: 1024, runtime: 'local' }), []);
});

test('in containers only the generator side counts against this machine\'s limit', () => {
  assert.deepEqual(problems(scenario(950), { fdLimit: 1024, runtime: 'docker' }), []);
  assert.match(problems(scenario(1000), { fdLimit: 1024, runtime: 'docker' })[0]!, /1064 file descriptors in the generator/);
});

test('CPUs the machine lacks are refused at load, with the line', () => {
  const found = problems(scenario(4, 'cpus: { generator: "0", proxy: "1-3" }'), { cpuCount: 2 });
  assert.deepEqual(found, ['s.yaml:3:25 cpus.proxy: names CPU 2, 3, but this machine has CPUs 0-1; use CPUs it has (see nproc)']);
});

test('probes.select and probes.dirs are checked against the catalogue the sweep would load', () => {
  const view: CatalogueView = { ids: ['01-cl-te'], categories: ['smuggling'], unreadableDirs: [{ index: 1, reason: 'ENOENT' }], problems: [] };
  const seen: (readonly string[])[] = [];
  const found = problems(scenario(4, 'probes: { select: [smuggling, 01-cl-te, 99-nope], dirs: [a, b] }'), {
    probeCatalogue: (dirs) => (seen.push(dirs), view),
  });
  assert.deepEqual(seen, [['a', 'b']]);
  assert.equal(found.length, 2, found.join('\n'));
  assert.match(found.join('\n'), /s\.yaml:3:\d+ probes\.select\[2\]: "99-nope" is no probe id or category; categories: smuggling/);
  assert.match(found.join('\n'), /s\.yaml:3:\d+ probes\.dirs\[1\]: cannot read this probe folder: ENOENT/);
});
