// The benign handler: frames a connection's bytes and answers each request with the prebuilt 200, after the injected delay.
import type { MonotonicClockUs } from './clock.js';
import { PauseReason, type ConnectionHandler, type RawConnection } from './connection-layer.js';
import { answerControl, isControlTarget } from './control-endpoints.js';
import type { DelayScheduler, DueItem } from './delay-scheduler.js';
import { RequestFramingError } from './errors.js';
import { RequestFramer, type FramedRequest } from './framer.js';
import type { DelaySampler } from './latency-sampler.js';
import { badRequestResponse, benignResponseFor, type BenignResponses } from './responses.js';
import type { UpstreamStatsRecorder } from './upstream-stats.js';

/** Everything the connections of one server share. */
export interface BenignContext {
  responses: BenignResponses;
  stats: UpstreamStatsRecorder;
  /** Undefined for the "none" distribution: responses are written at once, with no clock reads or timers. */
  sampleDelayUs: DelaySampler | undefined;
  scheduler: DelayScheduler<PendingResponse> | undefined;
  clock: MonotonicClockUs;
}

/** A response waiting for its due time. */
export interface PendingResponse extends DueItem {
  owner: BenignConnection;
  /** When its request was complete (monotonic µs). */
  completeUs: number;
  response: Buffer;
  closeAfter: boolean;
  recordDelay: boolean;
}

/** Reading stops while a connection has this many responses waiting (pipelining with a delay), bounding memory. */
const maxPendingPerConnection = 1024;

export class BenignConnection implements ConnectionHandler {
  private readonly framer: RequestFramer;
  /** Arrival time of the chunk being framed (only read when a delay is configured). */
  private chunkUs = 0;
  private inChunk = false;
  private writesInChunk = 0;
  private pendingCount = 0;
  /** Due time of the last response queued: later requests never overtake it (responses stay in order). */
  private lastDueUs = 0;
  private peerEnded = false;
  private ended = false;

  constructor(
    private readonly connection: RawConnection,
    private readonly context: BenignContext,
  ) {
    this.framer = new RequestFramer(this.onRequest);
    context.stats.connectionsOpened++;
    context.stats.connectionsOpen++;
  }

  onData(chunk: Buffer): void {
    this.context.stats.bytesRead += chunk.length;
    if (this.context.scheduler !== undefined) this.chunkUs = this.context.clock();
    this.inChunk = true;
    this.writesInChunk = 0;
    try {
      this.framer.push(chunk);
    } catch (error) {
      if (!(error instanceof RequestFramingError)) throw error;
      this.context.stats.malformedRequests++;
      this.respond(badRequestResponse(), true, false);
    } finally {
      this.inChunk = false;
      if (this.writesInChunk > 1) this.connection.uncork();
    }
    this.context.scheduler?.releaseDueNow();
  }

  onEnd(): void {
    this.peerEnded = true;
    if (this.pendingCount === 0) this.endOnce();
  }

  onClose(): void {
    this.context.stats.connectionsOpen--;
  }

  private readonly onRequest = (request: FramedRequest): void => {
    if (isControlTarget(request.target)) {
      const reply = answerControl(request, this.context.stats);
      this.respond(reply.response, !request.keepAlive, false);
      reply.after?.();
      return;
    }
    this.context.stats.countRequest(request.target);
    const response = benignResponseFor(this.context.responses, request);
    const sample = this.context.sampleDelayUs;
    if (sample === undefined) {
      this.context.stats.immediateResponses++;
      this.write(response, !request.keepAlive);
    } else {
      this.enqueue(response, sample(), !request.keepAlive, true);
    }
  };

  /** Control and error responses: no delay, but never ahead of responses already waiting. */
  private respond(response: Buffer, closeAfter: boolean, recordDelay: boolean): void {
    if (this.pendingCount > 0) this.enqueue(response, 0, closeAfter, recordDelay);
    else this.write(response, closeAfter);
  }

  private enqueue(response: Buffer, delayUs: number, closeAfter: boolean, recordDelay: boolean): void {
    const completeUs = this.chunkUs;
    const dueUs = Math.max(completeUs + delayUs, this.lastDueUs);
    this.lastDueUs = dueUs;
    this.pendingCount++;
    this.context.scheduler!.add({ dueUs, seq: 0, owner: this, completeUs, response, closeAfter, recordDelay });
    if (this.pendingCount === maxPendingPerConnection) this.connection.pauseReading(PauseReason.handler);
  }

  /** Called by the scheduler when `item` is due; the applied delay is read just before the write, not at tick start. */
  release(item: PendingResponse): void {
    this.pendingCount--;
    if (this.connection.closed || this.ended) return;
    if (item.recordDelay) this.context.stats.recordAppliedDelay(this.context.clock() - item.completeUs);
    this.write(item.response, item.closeAfter);
    if (this.pendingCount === maxPendingPerConnection - 1) this.connection.resumeReading(PauseReason.handler);
    if (this.pendingCount === 0 && this.peerEnded) this.endOnce();
  }

  private write(response: Buffer, closeAfter: boolean): void {
    if (this.ended || this.connection.closed) return;
    if (this.inChunk && ++this.writesInChunk === 2) this.connection.cork();
    this.context.stats.bytesWritten += response.length;
    this.connection.write(response);
    if (closeAfter) this.endOnce();
  }

  private endOnce(): void {
    if (this.ended) return;
    this.ended = true;
    this.connection.end();
  }
}

/** The scheduler callback shared by all connections of a server. */
export function releasePending(item: PendingResponse): void {
  item.owner.release(item);
}
