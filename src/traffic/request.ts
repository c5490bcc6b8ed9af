// Builds the exact HTTP/1.1 request bytes for a RequestSpec (pure), refusing anything that could smuggle extra headers.
import { ConfigError } from '../shared/errors.js';
import type { RequestSpec, TargetAddress } from './types.js';

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const reservedHeaders = new Set(['host', 'content-length', 'transfer-encoding']);

/** Every problem with the request spec (empty when it is usable). */
export function requestProblems(request: RequestSpec): string[] {
  const problems: string[] = [];
  if (!/^\/[\x21-\x7e]*$/.test(request.path)) problems.push(`path ${JSON.stringify(request.path)} must start with / and hold no spaces or control characters`);
  const bodyBytes = request.bodyBytes ?? 0;
  if (!Number.isInteger(bodyBytes) || bodyBytes < 0 || bodyBytes > 64 * 1024 * 1024) problems.push(`bodyBytes ${bodyBytes} must be an integer in 0..64 MiB`);
  if (bodyBytes > 0 && request.method !== 'POST') problems.push('a request body needs method POST');
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!tokenPattern.test(name)) problems.push(`header name ${JSON.stringify(name)} is not a token`);
    if (reservedHeaders.has(name.toLowerCase())) problems.push(`header ${name} is set by the generator`);
    if (/[\r\n\0]/.test(value)) problems.push(`header ${name} holds CR, LF or NUL`);
  }
  return problems;
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
