// Builds the exact HTTP/1.1 request bytes for a RequestSpec (pure), refusing anything that could smuggle extra headers.
import { ConfigError } from '../shared/errors.js';
import { requestShapeProblems } from '../shared/request-rules.js';
import type { RequestSpec, TargetAddress } from './types.js';

/** Every problem with the request spec (empty when it is usable). */
export function requestProblems(request: RequestSpec): string[] {
  return requestShapeProblems(request).map((p) => `${p.field.join(' ')}: ${p.message}`);
}

/** The request body: `bodyBytes` bytes of 'x' (empty when absent). */
export function requestBody(request: RequestSpec): string {
  return 'x'.repeat(request.bodyBytes ?? 0);
}

/** Request line, Host, extra headers, Content-Length for POST, then the body. Throws ConfigError when malformed. */
export function buildRequestBytes(target: TargetAddress, request: RequestSpec): Buffer {
  const problems = requestProblems(request);
  if (problems.length > 0) throw new ConfigError('the traffic request is malformed', problems);
  const body = requestBody(request);
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `Host: ${target.host}:${target.port}`];
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
  if (request.method === 'POST') lines.push(`Content-Length: ${body.length}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');
}
