// The HTTP/2 settings every variant announces, one source for every template (docker/README.md, "HTTP/2").

/**
 * At most 128 concurrent streams per connection (nginx's default; haproxy's is 100, Go's 250, trafficserver's 100) and
 * RFC 9113's default initial stream window, 65,535 bytes (nginx announces 65,536, Go 1 MiB, unless told).
 */
export const h2Settings = { maxConcurrentStreams: 128, initialWindowBytes: 65_535 } as const;

/** What a cell asks of a variant's HTTP/2 (StartOptions.http2): h2 over its TLS listener, h2c on a port of its own. */
export interface Http2ListenOptions {
  /** Check (and record) h2 by ALPN on the TLS listener. */
  overTls: boolean;
  /** The h2c listener's port (prior knowledge); absent: no h2c listener. */
  h2cListenPort?: number;
}
