// Tests of the latency spec validation and the delay samplers, with a seeded random source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDelaySampler, seededRandom } from './latency-sampler.js';
import { parseLatencySpec, validateLatencySpec, type LatencySpec } from './latency-spec.js';
import { ConfigError } from '../shared/errors.js';

function draw(spec: LatencySpec, count: number, seed = 42): number[] {
  const sample = createDelaySampler(spec, seededRandom(seed));
  assert.ok(sample);
  return Array.from({ length: count }, () => sample());
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test('the seeded random source is deterministic and in [0, 1)', () => {
  const a = seededRandom(7);
  const b = seededRandom(7);
  for (let i = 0; i < 1000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
  assert.notEqual(seededRandom(1)(), seededRandom(2)());
});

test('none has no sampler', () => {
  assert.equal(createDelaySampler({ distribution: 'none' }, seededRandom(1)), undefined);
});

test('fixed always gives its value', () => {
  assert.deepEqual(draw({ distribution: 'fixed', us: 2000 }, 5), [2000, 2000, 2000, 2000, 2000]);
});

test('uniform stays in its bounds and centres on the midpoint', () => {
  const xs = draw({ distribution: 'uniform', minUs: 100, maxUs: 300 }, 20_000);
  assert.ok(xs.every((x) => x >= 100 && x < 300));
  assert.ok(Math.abs(mean(xs) - 200) < 3);
});

test('exponential has the requested mean and no negative values', () => {
  const xs = draw({ distribution: 'exponential', meanUs: 1000 }, 50_000);
  assert.ok(xs.every((x) => x >= 0 && Number.isFinite(x)));
  assert.ok(Math.abs(mean(xs) - 1000) < 25, `mean ${mean(xs)}`);
});

test('lognormal has the requested median', () => {
  const xs = draw({ distribution: 'lognormal', medianUs: 500, sigma: 0.5 }, 50_000);
  assert.ok(xs.every((x) => x > 0));
  assert.ok(Math.abs(median(xs) - 500) < 10, `median ${median(xs)}`);
  assert.deepEqual(draw({ distribution: 'lognormal', medianUs: 500, sigma: 0 }, 3), [500, 500, 500]);
});

test('samplers with the same seed give the same sequence', () => {
  const spec: LatencySpec = { distribution: 'exponential', meanUs: 300 };
  assert.deepEqual(draw(spec, 100, 9), draw(spec, 100, 9));
});

test('parseLatencySpec accepts every distribution', () => {
  assert.deepEqual(parseLatencySpec('{"distribution":"none"}'), { distribution: 'none' });
  assert.deepEqual(parseLatencySpec('{"distribution":"fixed","us":2000}'), { distribution: 'fixed', us: 2000 });
  assert.equal(parseLatencySpec('{"distribution":"uniform","minUs":1,"maxUs":2}').distribution, 'uniform');
  assert.equal(parseLatencySpec('{"distribution":"exponential","meanUs":5}').distribution, 'exponential');
  assert.equal(parseLatencySpec('{"distribution":"lognormal","medianUs":5,"sigma":1}').distribution, 'lognormal');
});

test('invalid specs are ConfigErrors naming the problem', () => {
  assert.throws(() => parseLatencySpec('{nope'), ConfigError);
  assert.throws(() => validateLatencySpec({ distribution: 'fixed' }), /us/);
  assert.throws(() => validateLatencySpec({ distribution: 'fixed', us: -1 }), /us/);
  assert.throws(() => validateLatencySpec({ distribution: 'uniform', minUs: 5, maxUs: 1 }), /minUs/);
  assert.throws(() => validateLatencySpec({ distribution: 'gamma' }), ConfigError);
  assert.throws(() => validateLatencySpec({ distribution: 'none', extra: 1 }), ConfigError);
});

test('knee: the below delay up to the knee rate over the last second, the above delay past it (fake clock)', () => {
  let nowUs = 0;
  const sample = createDelaySampler({ distribution: 'knee', kneeRatePerSec: 100, belowUs: 1000, aboveUs: 30_000, windowUs: 1_000_000 }, seededRandom(1), () => nowUs)!;
  const delays: number[] = [];
  for (let i = 0; i < 300; i++) { nowUs = i * 12_500; delays.push(sample()); } // 80/s for 3.75 s
  assert.ok(delays.every((d) => d === 1000), 'below the knee');
  const burst: number[] = [];
  for (let i = 0; i < 200; i++) { nowUs = 4_000_000 + i * 5000; burst.push(sample()); } // 200/s for 1 s
  assert.equal(burst[0], 1000);
  assert.equal(burst.at(-1), 30_000, 'past the knee once more than 100 arrived within a second');
  nowUs = 7_000_000;
  assert.equal(sample(), 1000, 'after two quiet seconds the window holds one arrival');
});
