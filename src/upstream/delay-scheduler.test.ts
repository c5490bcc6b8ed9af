// Tests of the delay scheduler: releases in due order, never early, ties in arrival order; clear() cancels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monotonicNowUs } from './clock.js';
import { DelayScheduler, type DueItem } from './delay-scheduler.js';

interface Item extends DueItem { name: string }

function collect(items: { name: string; inUs: number }[]): Promise<{ name: string; earlyUs: number }[]> {
  return new Promise((resolve) => {
    const released: { name: string; earlyUs: number }[] = [];
    const scheduler = new DelayScheduler<Item>((item) => {
      released.push({ name: item.name, earlyUs: item.dueUs - monotonicNowUs() });
      if (released.length === items.length) resolve(released);
    });
    const startUs = monotonicNowUs();
    for (const { name, inUs } of items) scheduler.add({ name, dueUs: startUs + inUs, seq: 0 });
  });
}

test('items come out in due order (far ones via setTimeout, near ones via setImmediate), never before due', async () => {
  const released = await collect([
    { name: 'c', inUs: 12_000 }, { name: 'a', inUs: 300 }, { name: 'b', inUs: 4_000 }, { name: 'now', inUs: 0 },
  ]);
  assert.deepEqual(released.map((r) => r.name), ['now', 'a', 'b', 'c']);
  for (const r of released) assert.ok(r.earlyUs <= 0, `${r.name} released ${r.earlyUs} µs early`);
});

test('equal due times keep arrival order', async () => {
  const names = Array.from({ length: 20 }, (_, i) => `i${i}`);
  const released = await collect(names.map((name) => ({ name, inUs: 1000 })));
  assert.deepEqual(released.map((r) => r.name), names);
});

test('releaseDueNow releases only what is due; clear() drops the rest', async () => {
  const released: string[] = [];
  const scheduler = new DelayScheduler<Item>((item) => released.push(item.name));
  const nowUs = monotonicNowUs();
  scheduler.add({ name: 'past', dueUs: nowUs - 10, seq: 0 });
  scheduler.add({ name: 'later', dueUs: nowUs + 60_000_000, seq: 0 });
  scheduler.releaseDueNow();
  assert.deepEqual(released, ['past']);
  scheduler.clear();
  assert.equal(scheduler.size, 0);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(released, ['past']);
});
