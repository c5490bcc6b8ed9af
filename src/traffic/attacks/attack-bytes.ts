// Pure: the bytes each attack sends — the opening of a connection and what it sends on every tick.
import type { AttackKind } from '../../scenario/adversarial-schema.js';

const host = 'Host: t\r\n';

/** Sent when an attack connection opens. */
export function openingBytes(kind: AttackKind): Buffer | undefined {
  switch (kind) {
    case 'slowloris': return Buffer.from(`GET /pb-slowloris HTTP/1.1\r\n${host}`, 'latin1');
    case 'slow-body': return Buffer.from(`POST /pb-slow-body HTTP/1.1\r\n${host}Content-Length: 8192\r\n\r\n`, 'latin1');
    case 'slow-read': return Buffer.from(`GET /__pb/bytes/1048576 HTTP/1.1\r\n${host}\r\n`, 'latin1');
    default: return undefined;
  }
}

/** Slow kinds: sent on each connection every interval (n counts the ticks). */
export function trickleBytes(kind: AttackKind, n: number): Buffer | undefined {
  if (kind === 'slowloris') return Buffer.from(`X-a${n}: b\r\n`, 'latin1');
  if (kind === 'slow-body') return Buffer.from('xxxxxxxxxx', 'latin1');
  return undefined;
}

/** pipeline-flood: `depth` GETs in one write. */
export function pipelineBatch(depth: number): Buffer {
  return Buffer.from(`GET /pb-pipeline HTTP/1.1\r\n${host}\r\n`.repeat(depth), 'latin1');
}

/** header-flood: one GET with 100 fields of about 100 bytes (about 10 KB, under every variant's 16 KiB limit). */
export function headerFloodRequest(): Buffer {
  const fields = Array.from({ length: 100 }, (_, i) => `X-Flood-${String(i).padStart(3, '0')}: ${'f'.repeat(86)}\r\n`).join('');
  return Buffer.from(`GET /pb-header-flood HTTP/1.1\r\n${host}${fields}\r\n`, 'latin1');
}

/** Statuses of the status lines in a chunk (approximate: a line split across chunks is missed). */
export function statusesIn(chunk: Buffer): string[] {
  return [...chunk.toString('latin1').matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => m[1]!);
}
