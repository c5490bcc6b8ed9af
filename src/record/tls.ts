// The run record's TLS shapes: a variant's TLS listener as started and what a verified handshake with it negotiated.

export interface NegotiatedTls {
  protocol: string;
  cipher: string;
  keyType: string;
  /** SHA-256 fingerprint of the certificate the variant served (the run's own, checked against it). */
  fingerprint256: string;
}

/** What the TLS listener of a started variant is and what a verified handshake with it negotiated. */
export interface TlsListenerInfo {
  port: number;
  library: string;
  /** Absent when the variant names no way to read it. */
  libraryVersion?: string;
  resumption: string;
  negotiated: NegotiatedTls;
}

/** Scenarios with TLS phases: the run's certificate (one for every variant) and the listener's version. */
export interface RunTlsRecord {
  keyType: string;
  version: string;
  certificateFingerprint256: string;
}
