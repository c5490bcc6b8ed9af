// Sends one HTTP/2 probe request on a fresh h2 connection and reads until its stream ends, the connection closes or a timeout.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReceivedResponse } from '../../http1/responses.js';
import { dataFrame, errorCodeName, headersFrame } from '../transport/h2/frames.js';
import { encodeBlock, type HeaderField } from '../transport/h2/hpack.js';
import { connectH2, statusOf, type H2Target } from '../transport/h2/raw-client.js';

export interface H2Exchange {
  /** Final responses on the probe's stream (at most one), as an HTTP/1 reader would report them. */
  responses: ReceivedResponse[];
  interim: number[];
  /** How the probe's stream ended when it did not end with a complete response: reset (RST_STREAM), or the connection (GOAWAY, FIN). */
  closed: 'fin' | 'reset' | null;
  timedOut: boolean;
  connectError: string | null;
  writeError: string | null;
  /** What came back, for the evidence: frames by type, error codes. */
  raw: string;
  /** How the probe's stream ended: `END_STREAM`, `RST_STREAM <code>`, `GOAWAY <code>`, `connection closed` (undefined: it did not). */
  end: string | undefined;
  elapsedMs: number;
}

export interface H2ProbeRequest {
  fields: ReadonlyArray<readonly [string, string]>;
  data?: Buffer;
}

const streamId = 1;

/** The probe's frames: HEADERS (END_HEADERS; END_STREAM without data), then one DATA with END_STREAM. Over TLS `:scheme: http` becomes https. */
export function probeFrames(request: H2ProbeRequest, overTls: boolean): Buffer {
  const fields: HeaderField[] = request.fields.map(([n, v]) => [n, overTls && n === ':scheme' && v === 'http' ? 'https' : v]);
  const data = request.data;
  return Buffer.concat([
    headersFrame(streamId, encodeBlock(fields), { endStream: data === undefined, endHeaders: true }),
    ...(data === undefined ? [] : [dataFrame(streamId, data, true)]),
  ]);
}

export async function exchangeH2(target: H2Target, request: H2ProbeRequest, o: { responseTimeoutMs: number; settleMs: number; signal?: AbortSignal }): Promise<H2Exchange> {
  const started = performance.now();
  const seen: string[] = [];
  const state = {
    ready: false, done: false, closed: null as H2Exchange['closed'], how: undefined as string | undefined, error: undefined as string | undefined, endedMs: 0,
    response: undefined as ReceivedResponse | undefined, interim: [] as number[],
  };
  const end = (how: H2Exchange['closed'], what: string) => {
    if (state.done) return;
    state.done = true;
    state.closed = how;
    state.how = what;
    state.endedMs = performance.now();
  };
  const conn = connectH2(target, {
    ready: () => {
      state.ready = true;
      conn.write(probeFrames(request, target.kind === 'tls'));
    },
    headers: (id, fields, endStream) => {
      seen.push(`HEADERS(${id}${endStream ? ',END_STREAM' : ''}) ${fields.map(([n, v]) => `${n}: ${v}`).join('; ').slice(0, 200)}`);
      if (id !== streamId) return;
      const status = Number(statusOf(fields) ?? 0);
      if (status >= 100 && status < 200) return void state.interim.push(status);
      state.response = { status, headers: Object.fromEntries(fields.filter(([n]) => !n.startsWith(':')).map(([n, v]) => [n.toLowerCase(), v])), bodyBytes: 0, complete: endStream };
      // A response that ends its stream is the stream closed: in HTTP/2 the stream is the unit a rejection ends.
      if (endStream) end('fin', 'END_STREAM');
    },
    data: (id, bytes, endStream) => {
      if (id !== streamId || !state.response) return;
      state.response.bodyBytes += bytes;
      if (endStream) {
        state.response.complete = true;
        end('fin', 'END_STREAM');
      }
    },
    reset: (id, code) => {
      seen.push(`RST_STREAM(${id}) ${errorCodeName(code)}`);
      if (id === streamId) end('reset', `RST_STREAM ${errorCodeName(code)}`);
    },
    goaway: (g) => {
      seen.push(`GOAWAY ${errorCodeName(g.code)} last=${g.lastStreamId}${g.debug ? ` "${g.debug.slice(0, 80)}"` : ''}`);
      if (g.lastStreamId < streamId || g.code !== 0) end('fin', `GOAWAY ${errorCodeName(g.code)}`);
    },
    close: (error) => {
      state.error ??= error;
      seen.push(`closed${error ? ` (${error})` : ''}`);
      end(state.ready ? 'fin' : null, 'connection closed');
    },
  });
  const abandon = () => conn.destroy();
  if (o.signal?.aborted) abandon();
  o.signal?.addEventListener('abort', abandon, { once: true });
  let timedOut = false;
  for (;;) {
    const now = performance.now();
    if (state.done && (!state.ready || now - state.endedMs >= o.settleMs || conn.socket.destroyed)) break;
    if (!state.done && now - started >= o.responseTimeoutMs + 3000) {
      timedOut = true;
      break;
    }
    await sleep(10);
  }
  o.signal?.removeEventListener('abort', abandon);
  conn.destroy();
  const responses = state.response ? [state.response] : [];
  return {
    responses, interim: state.interim, closed: state.ready ? state.closed : null, timedOut: timedOut && !(state.response?.complete ?? false),
    connectError: state.ready ? null : (state.error ?? 'connect timeout'), writeError: null, raw: seen.join(' | ').slice(0, 600), end: state.how, elapsedMs: performance.now() - started,
  };
}
