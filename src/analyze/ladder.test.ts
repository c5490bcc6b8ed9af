// The ladder's pure pieces on literal input: the fd cap, the step plan, the fit's x, and the notes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fdReserve } from '../measure/connections/fd-limits.js';
import { closedByProxy, connectionCap, fitLadder, ladderNotes, minMeasurableRiseBytes, planSteps, unmeasuredReason } from './ladder.js';
import { ladder, step } from '../testing/ladder-records.js';

test('the cap is the tighter of the client’s fds and the proxy’s fds less its upstream pool', () => {
  assert.equal(connectionCap({ clientFdLimit: 20000, proxyFdLimit: 20000, upstreamPoolSize: 64 }), 20000 - 64 - fdReserve);
  assert.equal(connectionCap({ clientFdLimit: 1024, proxyFdLimit: 20000, upstreamPoolSize: 64 }), 1024 - fdReserve);
  assert.equal(connectionCap({ clientFdLimit: null, proxyFdLimit: 4096, upstreamPoolSize: 100 }), 4096 - 100 - fdReserve);
  assert.equal(connectionCap({ clientFdLimit: null, proxyFdLimit: null, upstreamPoolSize: 64 }), null);
});

test('steps above the cap: the first is capped, the later ones are left out', () => {
  assert.deepEqual(planSteps([0, 500, 1000, 2000, 4000], 1500), {
    run: [
      { requested: 0, target: 0, capped: false },
      { requested: 500, target: 500, capped: false },
      { requested: 1000, target: 1000, capped: false },
      { requested: 2000, target: 1500, capped: true },
    ],
    notRun: [4000],
  });
  assert.deepEqual(planSteps([0, 10], null).notRun, []);
});

test('the fit runs on held connections when every step counted them, else on the client’s count', () => {
  const held = fitLadder([step(0, 10_000_000), step(1000, 10_500_000), step(2000, 11_000_000)]);
  assert.equal(held.fitOn, 'held');
  assert.equal(held.fit!.bytesPerConn, 500);
  // The proxy closed half of them: per held connection the cost is still 500 B, not 250 B ("cheap").
  const closing = fitLadder([step(0, 10_000_000), step(1000, 10_250_000, 500), step(2000, 10_500_000, 1000)]);
  assert.equal(closing.fit!.bytesPerConn, 500);
  const unknown = fitLadder([step(0, 10_000_000, null), step(1000, 10_500_000, null)]);
  assert.equal(unknown.fitOn, 'opened');
  assert.equal(unknown.fit!.bytesPerConn, 500);
  assert.equal(unknown.kernelFit, null, 'no kernel figures (local /proc): no kernel fit');
});

test('where every step has kernel memory (a container), it gets a fit of its own over the same connection counts', () => {
  const withKernel = (held: number, rssBytes: number, kernelBytes: number | null) => ({ ...step(held, rssBytes), kernelBytes });
  const fit = fitLadder([withKernel(0, 6_000_000, 500_000), withKernel(1000, 8_000_000, 2_000_000), withKernel(2000, 10_000_000, 3_500_000)]);
  assert.equal(fit.fit!.bytesPerConn, 2000);
  assert.equal(fit.kernelFit!.bytesPerConn, 1500);
  const partial = fitLadder([withKernel(0, 6_000_000, 500_000), withKernel(1000, 8_000_000, null)]);
  assert.equal(partial.kernelFit, null, 'a step without the figure: no kernel fit rather than one over fewer points');
});

test('a proxy that closes idle connections is named, with the worst step', () => {
  const steps = [step(0, 10_000_000), step(1000, 10_500_000, 1000), step(2000, 11_000_000, 40)];
  assert.equal(closedByProxy(steps), true);
  const notes = ladderNotes(ladder('idle', steps, { client: { responses: 3000, non2xx: 0, errors: { closed: 1960 }, closedByPeer: 1960 } }));
  assert.deepEqual(notes, ['the proxy closed connections it was holding: held 40 of 2000 opened at step 2000']);
});

test('capped steps, steps not run, unsettled steps, failures and self-answered requests each get a note', () => {
  const capped = { ...step(4000, 12_000_000), target: 3000, capped: true, opened: 2990, settled: false };
  const notes = ladderNotes(ladder('idle', [step(0, 10_000_000), capped], {
    stepsNotRun: [8000], upstreamRequests: 10,
    client: { responses: 2990, non2xx: 0, errors: { ECONNREFUSED: 10 }, closedByPeer: 0 },
  }));
  assert.deepEqual(notes, [
    'step 4000 capped at 3000 connections by the fd limits (client 20000, proxy 20000 less its upstream pool)',
    'steps not run: 8000',
    'could not open every connection: 2990/3000',
    '1 of 2 steps did not settle within 5 s (±0.5%)',
    'client errors: ECONNREFUSED 10',
    'only 10 of 2990 responses reached the upstream (the proxy answered on its own)',
  ]);
  assert.deepEqual(ladderNotes(ladder('idle', [step(0, 10_000_000), step(10, 10_010_000)])), []);
});

test('flat RSS (a --quick ladder too small to move it) is "not measured", never a fit of 0 B/conn with R² 1', () => {
  const flat = [step(0, 10_000_000), step(10, 10_000_000), step(20, 10_000_000)];
  assert.equal(fitLadder(flat).fit, null);
  assert.match(unmeasuredReason(flat)!, /^not measured: RSS moved by 0 B over 0–20 connections/);
  assert.ok(ladderNotes(ladder('idle', flat)).some((n) => n.startsWith('not measured')));
  // One page of movement is still noise; a rise of two pages is a measurement.
  assert.notEqual(unmeasuredReason([step(0, 10_000_000), step(20, 10_004_096)]), null);
  assert.equal(unmeasuredReason([step(0, 10_000_000), step(20, 10_000_000 + minMeasurableRiseBytes)]), null);
});

test('RSS falling as connections grow is "not measured", not a negative cost', () => {
  const falling = [step(0, 10_100_000), step(1000, 10_050_000), step(2000, 10_000_000)];
  assert.match(unmeasuredReason(falling)!, /did not grow with connections over 0–2000 connections \(slope -50 B\/conn\)/);
  assert.equal(fitLadder(falling).fit, null);
});
