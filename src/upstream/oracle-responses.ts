// The oracle's answers: each names the request it answers (X-PB-Echo, X-PB-Oracle), so a client can tell whose response it got.

/** Header carrying the request target the oracle framed (non-visible bytes as %XX). */
export const echoHeader = 'x-pb-echo';
/** Header carrying "<connection id>.<request number>" of the answered request. */
export const oracleHeader = 'x-pb-oracle';

const reasons: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 408: 'Request Timeout' };

export interface OracleAnswerSpec {
  status: number;
  target: string;
  connectionId: number;
  requestNumber: number;
  method: string;
  /** 'close' adds Connection: close (the oracle ends the connection after it); 'keep-alive' is for HTTP/1.0. */
  connection?: 'close' | 'keep-alive';
}

/** Visible ASCII except '%' kept; every other byte as %XX, so any target fits a header value. */
export function escapeTarget(target: string): string {
  let out = '';
  for (let i = 0; i < target.length; i++) {
    const code = target.charCodeAt(i);
    out += code > 0x20 && code < 0x7f && code !== 0x25 ? target[i] : `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Longest echo: a proxy's response-header buffer (nginx: 4–8 KiB) must hold the answer to a 64 KB request line. */
const maxEchoChars = 200;

/** The X-PB-Echo value of a target: escaped, cut at 200 characters. Compare targets through this. */
export function echoOf(target: string): string {
  return escapeTarget(target).slice(0, maxEchoChars);
}

export function buildOracleAnswer(spec: OracleAnswerSpec): Buffer {
  const echo = echoOf(spec.target);
  const text = `oracle ${spec.connectionId}.${spec.requestNumber} ${spec.status} ${spec.method} ${echo}\n`;
  const body = spec.method === 'HEAD' ? '' : text;
  const lines = [
    `HTTP/1.1 ${spec.status} ${reasons[spec.status] ?? 'Unknown'}`,
    'Content-Type: text/plain',
    `Content-Length: ${Buffer.byteLength(text, 'latin1')}`,
    `X-PB-Echo: ${echo}`,
    `X-PB-Oracle: ${spec.connectionId}.${spec.requestNumber}`,
    ...(spec.connection === undefined ? [] : [`Connection: ${spec.connection}`]),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');
}

/** A plain control answer (JSON or text), not tied to a probe request. */
export function buildControlAnswer(status: number, contentType: string, body: string, close: boolean, extraFields: readonly string[] = []): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  const head = [`HTTP/1.1 ${status} ${reasons[status] ?? (status === 404 ? 'Not Found' : 'Unknown')}`, `Content-Type: ${contentType}`, `Content-Length: ${bytes.length}`, ...extraFields, ...(close ? ['Connection: close'] : [])];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}
