// The oracle's connection handler: logs the raw bytes before any framing, frames them leniently, answers by the current mode.
import { oracleDialect } from '../http1/dialect.js';
import { parseOne, type ParseOne, type ParsedRequest } from '../http1/stream.js';
import { ByteAccumulator } from './byte-accumulator.js';
import type { ConnectionHandler, RawConnection } from './connection-layer.js';
import { isControlTarget } from './control-endpoints.js';
import type { OracleContext } from './oracle-context.js';
import { answerOracleControl } from './oracle-control.js';
import { buildOracleAnswer } from './oracle-responses.js';

/** A partial request may hold at most this much before the oracle gives up on it (400). */
const maxPendingBytes = 8 * 1024 * 1024;

export class OracleConnection implements ConnectionHandler {
  private readonly pending = new ByteAccumulator();
  private requestNumber = 0;
  /** The partial request at the buffer's start has been answered early (401) or timed out (408). */
  private answeredEarly = false;
  private bodyTimer: NodeJS.Timeout | undefined;
  private ended = false;
  private closer: 'peer' | 'oracle' | undefined;
  private first = true;
  /** Its first request was an oracle control call: the prober's own connection, never dropped by a reset. */
  control = false;

  constructor(
    private readonly connection: RawConnection,
    private readonly context: OracleContext,
  ) {
    context.log.open(connection.id);
    context.live.add(this);
    context.stats.connectionsOpened++;
    context.stats.connectionsOpen++;
  }

  get id(): number {
    return this.connection.id;
  }

  onData(chunk: Buffer): void {
    this.context.stats.bytesRead += chunk.length;
    this.context.log.chunk(this.connection.id, chunk);
    if (this.ended) return;
    this.pending.append(chunk);
    this.frame();
  }

  onEnd(): void {
    if (!this.ended) this.endConnection('peer');
  }

  onClose(): void {
    clearTimeout(this.bodyTimer);
    this.context.live.delete(this);
    this.context.stats.connectionsOpen--;
    this.context.log.close(this.connection.id, this.closer ?? 'peer');
  }

  /** Destroys the connection (POST /__pb/oracle/reset). */
  drop(): void {
    this.ended = true;
    this.closer = 'oracle';
    this.connection.destroy();
  }

  private frame(): void {
    while (!this.ended && this.pending.size > 0) {
      const one = parseOne(this.pending.view(), 0, oracleDialect);
      if (one.kind === 'request') {
        this.complete(one.request);
        continue;
      }
      if (one.kind === 'error') return this.reject(one);
      this.waitForRest(one);
      break;
    }
    this.context.log.setPending(this.connection.id, this.pending.size);
  }

  private complete(request: ParsedRequest): void {
    clearTimeout(this.bodyTimer);
    this.bodyTimer = undefined;
    const early = this.answeredEarly;
    this.answeredEarly = false;
    this.pending.dropPrefix(request.end);
    if (this.first && request.target.startsWith('/__pb/oracle/')) {
      this.control = true;
      this.context.log.markControl(this.connection.id);
    }
    this.first = false;
    if (isControlTarget(request.target)) return this.write(answerOracleControl(request, this.context), !request.keepAlive);
    this.context.stats.requests++;
    this.context.log.request(this.connection.id, {
      method: request.method, target: request.target, version: request.version, framing: request.framing, bodyBytes: request.bodyBytes,
      hosts: request.fields.filter((f) => f.name.toLowerCase() === 'host').map((f) => f.value),
      fieldNames: request.fields.map((f) => f.name.toLowerCase()),
    });
    if (early) return; // answered before its body; the body was read and discarded
    this.answer(200, 'request', request, !request.keepAlive);
  }

  /** A partial request: in the scripted modes its head alone may be answered. */
  private waitForRest(one: Extract<ParseOne, { kind: 'incomplete' }>): void {
    if (this.pending.size > maxPendingBytes) return this.reject({ reason: 'request larger than the oracle keeps' });
    if (one.head === undefined || this.answeredEarly) return;
    const request = { method: one.head.method, target: one.head.target, version: one.head.version, keepAlive: true };
    if (this.context.mode.name === 'early-response') {
      this.answeredEarly = true;
      this.answer(401, 'early-response', request, false);
    } else if (this.context.mode.name === 'body-timeout' && this.bodyTimer === undefined) {
      this.bodyTimer = setTimeout(() => this.timeOutBody(request), this.context.mode.bodyTimeoutMs);
    }
  }

  /** body-timeout mode: answer 408, keep the connection, and read whatever comes next as a new request. */
  private timeOutBody(request: { method: string; target: string; version: string }): void {
    this.bodyTimer = undefined;
    if (this.ended) return;
    this.context.log.request(this.connection.id, { method: request.method, target: request.target, version: request.version, framing: 'timed-out', bodyBytes: -1, hosts: [], fieldNames: [] });
    this.answer(408, 'body-timeout', request, false);
    this.pending.clear();
    this.context.log.setPending(this.connection.id, 0);
  }

  private reject(error: { reason: string }): void {
    this.context.stats.malformedRequests++;
    this.context.log.answer(this.connection.id, 400, error.reason);
    this.write(buildOracleAnswer({ status: 400, target: '', connectionId: this.connection.id, requestNumber: ++this.requestNumber, method: 'ERROR', connection: 'close' }), true);
    this.pending.clear();
  }

  private answer(status: number, why: string, request: { method: string; target: string; version: string }, close: boolean): void {
    this.context.log.answer(this.connection.id, status, why);
    const connection = close ? 'close' : request.version === '1.0' ? 'keep-alive' : undefined;
    const bytes = buildOracleAnswer({ status, target: request.target, connectionId: this.connection.id, requestNumber: ++this.requestNumber, method: request.method, ...(connection ? { connection } : {}) });
    this.write(bytes, close);
  }

  private write(bytes: Buffer, close: boolean): void {
    if (this.ended) return;
    this.context.stats.bytesWritten += bytes.length;
    this.connection.write(bytes);
    if (close) this.endConnection('oracle');
  }

  private endConnection(by: 'peer' | 'oracle'): void {
    this.ended = true;
    this.closer ??= by;
    clearTimeout(this.bodyTimer);
    this.connection.end();
  }
}
