// One HTTP/2 connection the ladder holds (h2 by ALPN, or h2c): its preface and SETTINGS, one request on a stream, then idle.
import type { TargetAddress } from '../types.js';
import type { ClientTransport } from '../transport/transport.js';
import { H2ClientConnection, type H2ConnectionEvents } from '../open-loop-h2/connection.js';
import type { HeldEvents } from './held-connection.js';

/** The same contract as HeldConnection (held, send, reset): the holder keeps either kind. */
export class HeldH2Connection {
  held = false;
  private gone = false;
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly conn: H2ClientConnection;
  private readonly startNs = process.hrtime.bigint();

  constructor(
    target: TargetAddress,
    transport: ClientTransport,
    private readonly frames: { frames: Buffer; streamIdOffsets: readonly number[] },
    private readonly timeoutMs: number,
    private readonly events: HeldEvents,
    readBuffer: Buffer,
  ) {
    const clockNs = () => Number(process.hrtime.bigint() - this.startNs);
    const h2Events: H2ConnectionEvents = {
      onReady: () => this.send(),
      onResponse: (_c, request) => {
        this.inFlight = false;
        clearTimeout(this.timer);
        this.events.onResponse(request.status);
        if (!this.held) {
          this.held = true;
          this.events.onHeld(this as never);
        }
      },
      onStreamReset: (_c, _r, code) => this.fail(`reset ${code}`),
      onGoAway: (_c, code) => this.fail(`goaway ${code}`),
      onClosed: (c, _failed, kind) => this.fail(c.negotiated !== undefined && !c.ready ? `negotiated ${c.negotiated}` : kind),
      onBytesRead: () => undefined,
    };
    this.arm();
    // One stream at a time: a held connection carries its request, then idles (active ladders resend it).
    this.conn = new H2ClientConnection(target, transport, h2Events, clockNs, readBuffer, 1);
  }

  send(): boolean {
    if (this.gone || this.inFlight || this.conn.freeSlots === 0) return false;
    this.inFlight = true;
    this.arm();
    this.conn.send({ index: 0, writeNs: 0, deadlineNs: 0 }, this.frames.frames, this.frames.streamIdOffsets);
    return true;
  }

  reset(): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.timer);
    this.conn.reset();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail('timeout'), this.timeoutMs);
  }

  private fail(kind: string): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.timer);
    this.conn.close('closed');
    this.events.onGone(this as never, this.held, kind);
  }
}
