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

/** Highest CPU number a list may name (Linux's NR_CPUS ceiling); the machine's own count is checked at load. */
export const maxCpuNumber = 8191;

/** Pure: what is wrong with a taskset CPU list, or undefined when it is usable ("1-0" and "0-99999999999" are not). */
export function cpuListProblem(text: string): string | undefined {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) return `expected a CPU list like 0, 1, 0-1 or 0,2 (as taskset -c takes); got ${JSON.stringify(text)}`;
  for (const part of text.split(',')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    if (from > maxCpuNumber || to > maxCpuNumber) return `CPU numbers go up to ${maxCpuNumber}; got ${JSON.stringify(part)}`;
    if (from > to) return `the range ${part} runs backwards: write it low-high, e.g. ${to}-${from}`;
  }
  return undefined;
}

/** "0", "1", "0-1", "0,2" → the taskset CPU list, kept as text (bounded and ordered). */
export const cpuList = z
  .union([z.string(), z.number()])
  .transform((raw) => String(raw).trim())
  .superRefine((text, ctx) => {
    const problem = cpuListProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The CPUs a taskset list names: "0-2,4" → [0, 1, 2, 4]. Only for lists cpuListProblem accepts. */
export function expandCpuList(list: string): number[] {
  const cpus = new Set<number>();
  for (const part of list.split(',')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    for (let cpu = from; cpu <= Math.min(to, maxCpuNumber); cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}
