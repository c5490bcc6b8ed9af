// Prebuilt response bytes: the benign 200 (per keep-alive/HEAD variant) and small control/error responses.
import type { FramedRequest } from './framer.js';

/** The benign 200 response in every variant a request can need, each one buffer (head + body), built once. */
export interface BenignResponses {
  keepAlive: Buffer;
  close: Buffer;
  /** HTTP/1.0 keep-alive must be confirmed with Connection: keep-alive. */
  keepAlive10: Buffer;
  headKeepAlive: Buffer;
  headClose: Buffer;
  headKeepAlive10: Buffer;
}

/** Byte used to fill benign bodies. */
const bodyFillByte = 0x78; // 'x'

export function buildBenignResponses(bodyBytes: number): BenignResponses {
  const body = Buffer.alloc(bodyBytes, bodyFillByte);
  const head = (connection: string) =>
    Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${bodyBytes}\r\n${connection}\r\n`, 'latin1');
  const withBody = (h: Buffer) => Buffer.concat([h, body]);
  const heads = { keepAlive: head(''), close: head('Connection: close\r\n'), keepAlive10: head('Connection: keep-alive\r\n') };
  return {
    keepAlive: withBody(heads.keepAlive),
    close: withBody(heads.close),
    keepAlive10: withBody(heads.keepAlive10),
    headKeepAlive: heads.keepAlive,
    headClose: heads.close,
    headKeepAlive10: heads.keepAlive10,
  };
}

/** Picks the prebuilt variant for a request (no allocation). */
export function benignResponseFor(responses: BenignResponses, request: FramedRequest): Buffer {
  const isHead = request.method === 'HEAD';
  if (!request.keepAlive) return isHead ? responses.headClose : responses.close;
  if (request.httpMinor === 0) return isHead ? responses.headKeepAlive10 : responses.keepAlive10;
  return isHead ? responses.headKeepAlive : responses.keepAlive;
}

const reasonPhrases: Record<number, string> = {
  200: 'OK', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed',
};

export interface SmallResponse {
  status: number;
  contentType: string;
  body: string;
  /** Connection header to send, if any ('close' also means the connection is closed after it). */
  connection?: 'close' | 'keep-alive';
  /** For 405: the allowed method. */
  allow?: string;
}

/** A one-off response (control endpoints, errors). */
export function buildResponse(response: SmallResponse): Buffer {
  const body = Buffer.from(response.body, 'utf8');
  const lines = [
    `HTTP/1.1 ${response.status} ${reasonPhrases[response.status] ?? 'Unknown'}`,
    `Content-Type: ${response.contentType}`,
    `Content-Length: ${body.length}`,
    ...(response.allow === undefined ? [] : [`Allow: ${response.allow}`]),
    ...(response.connection === undefined ? [] : [`Connection: ${response.connection}`]),
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** Sent for bytes that do not frame as a request; the connection is closed after it. */
export const badRequestResponse = (): Buffer =>
  buildResponse({ status: 400, contentType: 'text/plain', body: 'bad request\n', connection: 'close' });

/** The Connection header a response to `request` needs. */
export function connectionHeaderFor(request: FramedRequest): 'close' | 'keep-alive' | undefined {
  if (!request.keepAlive) return 'close';
  return request.httpMinor === 0 ? 'keep-alive' : undefined;
}
