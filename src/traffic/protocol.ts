// Messages between the parent (generator.ts) and the generator child process (worker.ts) over the IPC channel.
import type { TrafficResult, TrafficSpec } from './types.js';

export type ParentMessage = { type: 'run'; spec: TrafficSpec } | { type: 'exit' };

/** `code` is the BenchError code when the failure was one (e.g. 'UNSAFE_TARGET'), so the parent can rethrow it. */
export type ChildMessage =
  | { type: 'result'; result: TrafficResult }
  | { type: 'error'; message: string; code?: string; hint?: string };

export function isParentMessage(value: unknown): value is ParentMessage {
  const v = value as { type?: unknown; spec?: { kind?: unknown } } | null;
  if (v === null || typeof v !== 'object') return false;
  if (v.type === 'exit') return true;
  return v.type === 'run' && typeof v.spec === 'object' && v.spec !== null && (v.spec.kind === 'open' || v.spec.kind === 'closed');
}

export function isChildMessage(value: unknown): value is ChildMessage {
  const v = value as { type?: unknown; result?: unknown; message?: unknown } | null;
  if (v === null || typeof v !== 'object') return false;
  return (v.type === 'result' && typeof v.result === 'object' && v.result !== null) || (v.type === 'error' && typeof v.message === 'string');
}
