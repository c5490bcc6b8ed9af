// Parses an HTTP/1.x response head (status line and headers) into what framing the body needs (pure).

export interface Head {
  statusCode: number;
  keepAlive: boolean;
  body: { mode: 'none' } | { mode: 'length'; bytes: number } | { mode: 'chunked' } | { mode: 'close' };
}

/** Parses the head of a response (without the blank line). Returns a reason string when malformed. */
export function parseHead(text: string): Head | string {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
  if (!status) return `bad status line ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`;
  const statusCode = Number(status[2]);
  let keepAlive = status[1] === '1';
  let contentLength: number | undefined;
  let chunked = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `bad header line ${JSON.stringify(line.slice(0, 80))}`;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim().toLowerCase();
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value)) return `bad content-length ${JSON.stringify(value)}`;
      if (contentLength !== undefined && contentLength !== Number(value)) return 'conflicting content-length';
      contentLength = Number(value);
    } else if (name === 'transfer-encoding') {
      chunked = value.split(',').map((s) => s.trim()).at(-1) === 'chunked';
    } else if (name === 'connection') {
      const tokens = value.split(',').map((s) => s.trim());
      if (tokens.includes('close')) keepAlive = false;
      else if (tokens.includes('keep-alive')) keepAlive = true;
    }
  }
  const noBody = (statusCode >= 100 && statusCode < 200) || statusCode === 204 || statusCode === 304;
  if (noBody) return { statusCode, keepAlive, body: { mode: 'none' } };
  if (chunked) return { statusCode, keepAlive, body: { mode: 'chunked' } };
  if (contentLength !== undefined) return { statusCode, keepAlive, body: { mode: 'length', bytes: contentLength } };
  return { statusCode, keepAlive: false, body: { mode: 'close' } };
}
