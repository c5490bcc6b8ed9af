// The messages between a parent and a worker process of the worker kit (one request, one reply, matched by id).
import type { WireError } from './wire-error.js';

export type ToWorker =
  | { kit: 'call'; id: number; method: string; payload: unknown }
  | { kit: 'exit' };

export type FromWorker =
  | { kit: 'ready'; pid: number }
  | { kit: 'reply'; id: number; ok: true; value: unknown }
  | { kit: 'reply'; id: number; ok: false; error: WireError };

export function isToWorker(value: unknown): value is ToWorker {
  const v = value as { kit?: unknown; id?: unknown; method?: unknown } | null;
  if (v === null || typeof v !== 'object') return false;
  return v.kit === 'exit' || (v.kit === 'call' && typeof v.id === 'number' && typeof v.method === 'string');
}

export function isFromWorker(value: unknown): value is FromWorker {
  const v = value as { kit?: unknown; id?: unknown; ok?: unknown; error?: unknown } | null;
  if (v === null || typeof v !== 'object') return false;
  if (v.kit === 'ready') return true;
  if (v.kit !== 'reply' || typeof v.id !== 'number') return false;
  return v.ok === true || (v.ok === false && typeof v.error === 'object' && v.error !== null);
}
