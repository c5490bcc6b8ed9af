// Counters of the upstream server and the histogram of the delay actually applied; snapshot and reset.
import { createLatencyHistogram, encodeHistogram, type EncodedHistogram, type LatencyHistogram } from '../measure/histogram.js';

/** What GET /__pb/stats returns. Health and stats requests are not counted in `requests`. */
export interface UpstreamStats {
  /** Benign requests answered (every path outside /__pb/, and /__pb/bytes/N). */
  requests: number;
  /** Of `requests`, those an attack sent (their target carries `pb-attack=`): what the proxy forwarded for attack streams. */
  attackRequests: number;
  healthRequests: number;
  /** Connections whose bytes did not frame as HTTP/1.x (answered 400 and closed). */
  malformedRequests: number;
  connectionsOpened: number;
  connectionsOpen: number;
  bytesRead: number;
  bytesWritten: number;
  /** Encoded hdr histogram (µs) of write time − request complete time, one value per benign request answered. */
  appliedDelayUs: EncodedHistogram;
  /** The token it was started with (--identity): proves to the runner that this is the upstream its run started. */
  identity: string;
}

/** The query parameter every attack request carries (src/traffic/attacks/h2-attack-frames.ts). */
export const attackMarker = 'pb-attack=';

export class UpstreamStatsRecorder {
  /** The run's token (`<run id>.<nonce>`), answered on /__pb/health and in every stats snapshot; '' when not given. */
  readonly identity: string;
  constructor(identity = '') {
    this.identity = identity;
  }
  requests = 0;
  attackRequests = 0;
  healthRequests = 0;
  malformedRequests = 0;
  connectionsOpened = 0;
  connectionsOpen = 0;
  bytesRead = 0;
  bytesWritten = 0;
  /** Responses written in the same tick their request completed (no latency): recorded as 0 µs lazily. */
  immediateResponses = 0;
  private readonly appliedDelay: LatencyHistogram = createLatencyHistogram();

  recordAppliedDelay(delayUs: number): void {
    this.appliedDelay.recordValue(delayUs > 0 ? Math.round(delayUs) : 0);
  }

  snapshot(): UpstreamStats {
    if (this.immediateResponses > 0) {
      this.appliedDelay.recordValueWithCount(0, this.immediateResponses);
      this.immediateResponses = 0;
    }
    return {
      requests: this.requests,
      attackRequests: this.attackRequests,
      healthRequests: this.healthRequests,
      malformedRequests: this.malformedRequests,
      connectionsOpened: this.connectionsOpened,
      connectionsOpen: this.connectionsOpen,
      bytesRead: this.bytesRead,
      bytesWritten: this.bytesWritten,
      appliedDelayUs: encodeHistogram(this.appliedDelay),
      identity: this.identity,
    };
  }

  /** Zeroes every counter and the histogram; connectionsOpen is a gauge and is kept. */
  /** Counts one proxied request (benign or an attack's). */
  countRequest(target: string): void {
    this.requests++;
    if (target.includes(attackMarker)) this.attackRequests++;
  }

  reset(): void {
    this.requests = 0;
    this.attackRequests = 0;
    this.healthRequests = 0;
    this.malformedRequests = 0;
    this.connectionsOpened = 0;
    this.bytesRead = 0;
    this.bytesWritten = 0;
    this.immediateResponses = 0;
    this.appliedDelay.reset();
  }
}
