// The scenario's adversarial parts: the probe sweep (`probes:`) run in every cell after its phases.
import { z } from 'zod';
import { durationMs, ratePerSec } from './fields.js';

export const probeSweepSchema = z.strictObject({
  /** 'all', or probe ids and categories (scenarios/probes/*.yaml; `proxybench probes list`). */
  select: z.array(z.string().min(1)).min(1).default(['all']),
  /** More folders of probe files, relative to the current directory (the shipped scenarios/probes/ is always read). */
  dirs: z.array(z.string().min(1)).default([]),
  /** Idle upstream connections the proxy keeps during the sweep: 1 pins its pool, so a poisoned connection meets the victim. */
  upstreamPoolSize: z.number().int().min(1).max(10_000).default(1),
  /** Port of the oracle upstream (started for the sweep, stopped after it); `auto` (the default, 0 once parsed): a free one picked at the start of the run. */
  oraclePort: z.union([z.literal('auto'), z.number().int().min(1024).max(65_535)]).default('auto').transform((p) => (p === 'auto' ? 0 : p)),
  /** After the last byte of a probe: how long to wait for a response before the verdict is HANG. */
  responseTimeout: durationMs.default(1500),
  /** The victim request's wait for its response. */
  victimTimeout: durationMs.default(1500),
  /** After a complete response: how long to wait for more bytes or the close. */
  settle: durationMs.default(250),
  /** Extra attempts for a positive verdict (anything but REJECT and NORMALIZE). */
  confirm: z.number().int().min(0).max(10).default(2),
  /** The oracle's body-timeout mode (probe 28) answers 408 after a body stalls this long. */
  bodyTimeout: durationMs.default(1000),
  /** Time limit of one variant's sweep: probes not reached are SKIPPED. */
  maxDuration: durationMs.default(900_000),
  /** Sweep in every repetition, not only the first (verdicts are confirmed by repeats already; the sweep takes about a minute). */
  everyRepetition: z.boolean().default(false),
  /**
   * Send every probe, victim and health check to the proxy's TLS listener instead of its plaintext one (the run's CA
   * trusted, verification on; the oracle upstream stays plaintext). The listener is the scenario's: its TLS phases'
   * version and key, else TLS 1.3 with RSA-2048. Parsing does not change with the transport; what a TLS terminator
   * forwards may.
   */
  tls: z.boolean().default(false),
});

export type ProbeSweep = z.infer<typeof probeSweepSchema>;

export const h1AttackKinds = ['slowloris', 'slow-body', 'slow-read', 'connection-flood', 'pipeline-flood', 'header-flood'] as const;
/** The HTTP/2 attacks (reference/tls-h2.md, "HTTP/2 abuse"), sent by the raw frame client over the variant's h2 listener. */
export const h2AttackKinds = ['h2-rapid-reset', 'h2-made-you-reset', 'h2-continuation-flood', 'h2-ping-flood', 'h2-settings-flood', 'h2-hpack-bomb', 'h2-slow-read'] as const;
/** Attacks on the TLS handshake: they go to the proxy's TLS listener (the HTTP/1 ones to its plaintext one). */
export const tlsAttackKinds = ['tls-handshake-flood', 'tls-hello-dribble'] as const;
export const attackKinds = [...h1AttackKinds, ...h2AttackKinds, ...tlsAttackKinds] as const;
export type AttackKind = (typeof attackKinds)[number];
export type H2AttackKind = (typeof h2AttackKinds)[number];
export const isH2Attack = (kind: AttackKind): kind is H2AttackKind => kind.startsWith('h2-');

export const isTlsAttack = (kind: AttackKind): boolean => (tlsAttackKinds as readonly string[]).includes(kind);

/**
 * An attack run beside an open-loop phase's benign traffic (`attack:` on the phase), from its own process.
 * slowloris: an unfinished head, one more field every `interval`; slow-body: a declared 8 KiB body, 10 bytes every
 * `interval`; slow-read: asks for 1 MiB and reads one chunk every `interval`; connection-flood: idle connections;
 * pipeline-flood: batches of `depth` pipelined GETs, `rate` batches a second; header-flood: requests with 100 fields
 * (about 10 KB of head), `rate` a second. Connections open at `rate` a second up to `connections`.
 *
 * HTTP/2 (over the h2 listener named by `h2`; `rate` counts attack units a second over all connections, at most
 * `frames` frames in all; a connection the proxy closes is replaced): h2-rapid-reset: HEADERS then RST_STREAM(CANCEL);
 * h2-made-you-reset: a complete request then WINDOW_UPDATE 0 on its stream, which the server must reset;
 * h2-continuation-flood: HEADERS without END_HEADERS, then CONTINUATIONs of `depth` bytes; h2-ping-flood and
 * h2-settings-flood: PINGs or empty SETTINGS while never reading; h2-hpack-bomb: a 4 KB field in the dynamic table, then
 * requests of `depth` one-byte references to it, with every stream's window pinned at 0 (a 1-byte drip every
 * `interval`); h2-slow-read: 256 KiB responses on streams with a zero window, `depth` bytes granted every `interval`.
 * On the proxy's TLS listener: tls-handshake-flood: new connections, each a full handshake (no session offered, the
 * run's CA trusted), closed at once (or held, `hold`); tls-hello-dribble: a valid ClientHello (node's own, captured
 * in memory) sent `dribbleBytes` at a time every `interval`, holding a handshake slot.
 */
export const attackSchema = z.strictObject({
  kind: z.enum(attackKinds),
  /** The measured open-loop phase (same rate, connections, protocol and streams) this phase's benign latency is compared with. */
  clean: z.string().min(1),
  connections: z.number().int().min(1).max(10_000).default(200),
  rate: ratePerSec.default(100),
  interval: durationMs.default(5000),
  /** pipeline-flood: requests per batch. */
  depth: z.number().int().min(1).max(1000).default(100),
  /** tls-handshake-flood: keep each connection open after its handshake (default: close it at once). */
  hold: z.boolean().default(false),
  /** tls-hello-dribble: ClientHello bytes sent on each connection every `interval`. */
  dribbleBytes: z.number().int().min(1).max(1024).default(2),
  /** How long the attack runs from the phase start (default and most: two thirds of the phase, the rest shows recovery). */
  duration: durationMs.optional(),
  /** HTTP/2 attacks: the variant's h2 listener they go to (`tls`: ALPN h2 on the TLS listener; `h2c`: prior knowledge). */
  h2: z.enum(['tls', 'h2c']).default('tls'),
  /** HTTP/2 attacks: at most this many attack frames in all (the attack also ends at its duration). */
  frames: z.number().int().min(1).max(5_000_000).default(200_000),
});

export type AttackSpec = z.infer<typeof attackSchema>;
