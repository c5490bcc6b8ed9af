// Zod field types for values people write: durations, sizes, rates, CPU lists, percentages.
import { z } from 'zod';
import { parseDurationMs, parseRatePerSec, parseSizeBytes } from '../shared/units.js';

function textField<T>(parse: (text: string) => T | undefined, expected: string) {
  return z.union([z.string(), z.number()]).transform((raw, ctx) => {
    const value = parse(String(raw));
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}; got ${JSON.stringify(raw)}` });
      return z.NEVER;
    }
    return value;
  });
}

/** "30s", "250ms", "1m" → milliseconds. */
export const durationMs = textField(parseDurationMs, 'a duration like 30s, 250ms or 1m');

/** "16KiB", "1MB", "512" → bytes. */
export const sizeBytes = textField(parseSizeBytes, 'a size like 512, 1KiB, 16KiB or 1MB');

/** "5000/s", "300/m" → requests per second. */
export const ratePerSec = textField(parseRatePerSec, 'a rate like 5000/s or 300/m');

/** "0", "1", "0-1", "0,2" → the taskset CPU list, kept as text. */
export const cpuList = z
  .union([z.string(), z.number()])
  .transform((raw) => String(raw).trim())
  .refine((text) => /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text), {
    message: 'expected a CPU list like 0, 1, 0-1 or 0,2 (as taskset -c takes)',
  });

/** The CPUs a taskset list names: "0-2,4" → [0, 1, 2, 4]. */
export function expandCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const [from, to] = part.split('-').map(Number) as [number, number | undefined];
    for (let cpu = from; cpu <= (to ?? from); cpu++) cpus.push(cpu);
  }
  return cpus;
}
