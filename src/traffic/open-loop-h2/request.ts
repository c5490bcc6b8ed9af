// The exact HTTP/2 frames of a RequestSpec (pure): HEADERS (and DATA for a body) on stream 1, rewritten per stream.
import { ConfigError } from '../../shared/errors.js';
import { dataFrame, headersFrame } from '../transport/h2/frames.js';
import { requestBlock, type HeaderField } from '../transport/h2/hpack.js';
import { requestBody, requestProblems } from '../request.js';
import type { RequestSpec, TargetAddress } from '../types.js';

/** Largest request body the h2 engine sends: one DATA frame, within every server's initial window (65,535 here). */
export const maxH2BodyBytes = 16_384;

/**
 * `:method`, `:scheme`, `:path`, `:authority` (host:port, as HTTP/1.1's Host), the extra headers (lower-cased, as
 * HTTP/2 requires), content-length for POST — all literal, never indexed, so every request is the same bytes and the
 * server's decoder keeps no state for them. `streamIdOffsets`: where each frame's stream id is written.
 */
export function buildH2RequestFrames(target: TargetAddress, request: RequestSpec, scheme: 'http' | 'https'): { frames: Buffer; streamIdOffsets: number[] } {
  const problems = requestProblems(request);
  const body = Buffer.from(requestBody(request), 'latin1');
  if (body.length > maxH2BodyBytes) problems.push(`bodyBytes: at most ${maxH2BodyBytes} over HTTP/2 (one DATA frame), got ${body.length}`);
  if (problems.length > 0) throw new ConfigError('the traffic request is malformed', problems);
  const extra: HeaderField[] = Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]);
  if (request.method === 'POST') extra.push(['content-length', String(body.length)]);
  const block = requestBlock({ method: request.method, scheme, path: request.path, authority: `${target.host}:${target.port}`, extra });
  const hasBody = request.method === 'POST';
  const headers = headersFrame(1, block, { endStream: !hasBody, endHeaders: true });
  if (!hasBody) return { frames: headers, streamIdOffsets: [5] };
  return { frames: Buffer.concat([headers, dataFrame(1, body, true)]), streamIdOffsets: [5, headers.length + 5] };
}
