// Parses an HTTP/1.x response head (status line and headers) into what framing the body needs (pure, allocation-light).

export interface Head {
  statusCode: number;
  keepAlive: boolean;
  body: { mode: 'none' } | { mode: 'length'; bytes: number } | { mode: 'chunked' } | { mode: 'close' };
}

const statusLine = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: .*)?$/;

/** Lower-cased comma-separated tokens; the common single-token values skip the split. */
function tokens(value: string): string[] {
  const lower = value.toLowerCase();
  return lower.includes(',') ? lower.split(',').map((s) => s.trim()) : [lower];
}

/** Only these three headers matter for framing; other names are skipped by length before any lower-casing. */
function headerName(line: string, colon: number): 'content-length' | 'transfer-encoding' | 'connection' | undefined {
  const name = colon === 14 || colon === 17 || colon === 10 ? line.slice(0, colon).toLowerCase() : '';
  return name === 'content-length' || name === 'transfer-encoding' || name === 'connection' ? name : undefined;
}

/** Parses the head of a response (without the blank line). Returns a reason string when malformed. */
export function parseHead(text: string): Head | string {
  let lineEnd = text.indexOf('\r\n');
  if (lineEnd < 0) lineEnd = text.length;
  const status = statusLine.exec(text.slice(0, lineEnd));
  if (!status) return `bad status line ${JSON.stringify(text.slice(0, Math.min(lineEnd, 80)))}`;
  const statusCode = Number(status[2]);
  let keepAlive = status[1] === '1';
  let contentLength: number | undefined;
  let chunked = false;
  for (let start = lineEnd + 2; start < text.length; start = lineEnd + 2) {
    lineEnd = text.indexOf('\r\n', start);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(start, lineEnd);
    const colon = line.indexOf(':');
    if (colon <= 0) return `bad header line ${JSON.stringify(line.slice(0, 80))}`;
    const name = headerName(line, colon);
    if (name === undefined) continue;
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value)) return `bad content-length ${JSON.stringify(value)}`;
      if (contentLength !== undefined && contentLength !== Number(value)) return 'conflicting content-length';
      contentLength = Number(value);
    } else if (name === 'transfer-encoding') {
      chunked = tokens(value).at(-1) === 'chunked';
    } else {
      const t = tokens(value);
      if (t.includes('close')) keepAlive = false;
      else if (t.includes('keep-alive')) keepAlive = true;
    }
  }
  const noBody = statusCode < 200 || statusCode === 204 || statusCode === 304;
  if (noBody) return { statusCode, keepAlive, body: { mode: 'none' } };
  if (chunked) return { statusCode, keepAlive, body: { mode: 'chunked' } };
  if (contentLength !== undefined) return { statusCode, keepAlive, body: { mode: 'length', bytes: contentLength } };
  return { statusCode, keepAlive: false, body: { mode: 'close' } };
}
