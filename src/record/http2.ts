// The run record's HTTP/2 shapes: a variant's h2 (ALPN over TLS) and h2c listeners as a verified request found them.

/** What one verified HTTP/2 request on a listener saw: the protocol and the server's SETTINGS. */
export interface Http2Negotiated {
  /** ALPN's choice over TLS (`h2` when verified), `h2c` on the cleartext listener. */
  alpn: string;
  /** The server's SETTINGS as Node read them (RFC 9113 defaults for those it left out). */
  remoteSettings: {
    maxConcurrentStreams: number | null;
    initialWindowSize: number | null;
    maxFrameSize: number | null;
    maxHeaderListSize: number | null;
    headerTableSize: number | null;
    enablePush: boolean | null;
  };
  /** The connection-level window the server granted once the request ended (its initial WINDOW_UPDATE included). */
  connectionWindowBytes: number | null;
}

/** What a listener (its port) announced. */
export interface Http2NegotiatedOn extends Http2Negotiated {
  port: number;
}

/** A started variant's HTTP/2: what its config sets (manifest http2.settings) and what each listener announced. */
export interface Http2ListenerInfo {
  settings: string;
  tls?: Http2NegotiatedOn;
  h2c?: Http2NegotiatedOn;
}
