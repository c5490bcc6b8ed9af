// A variant's HTTP/2 listeners (ALPN h2 on the TLS one, h2c on a third): the template values and the request that checks them.
import { connect, type ClientHttp2Session, type Settings } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import { judgeHealthAnswer } from './identity.js';
import { ConfigError } from '../shared/errors.js';
import { tlsClientOptions } from '../traffic/transport/tls.js';
import type { Http2ListenerInfo, Http2Negotiated } from '../record/http2.js';
import { noHttp2Values, type TemplateValues, type VariantManifest } from './manifest.js';
import type { TlsListenOptions } from './tls-listener.js';
import type { Http2ListenOptions } from './http2-settings.js';



type Http2Values = Pick<TemplateValues, 'h2c' | 'h2cListenPort' | 'h2MaxStreams' | 'h2WindowBytes'>;

export function http2TemplateValues(http2: Http2ListenOptions | undefined): Http2Values {
  const h2cPort = http2?.h2cListenPort;
  return h2cPort === undefined ? { ...noHttp2Values } : { ...noHttp2Values, h2c: true, h2cListenPort: h2cPort };
}

/** Why this variant cannot serve what the cell asks over HTTP/2, or undefined when it can. */
export function http2UnsupportedReason(manifest: VariantManifest, wants: { h2: boolean; h2c: boolean; traffic?: boolean }): string | undefined {
  if (manifest.role === 'direct') {
    return wants.traffic ? `${manifest.name} has no HTTP/2 row: the upstream speaks HTTP/1.1 only (remove it from the variants of a scenario with protocol h2 / h2c phases)` : undefined;
  }
  if (manifest.http2 === undefined) return `${manifest.name} cannot serve HTTP/2: its variant.yaml has no http2 section (docker/README.md, "HTTP/2")`;
  if (wants.h2c && manifest.http2.h2cUnsupported !== undefined) return `${manifest.name} cannot serve h2c: ${manifest.http2.h2cUnsupported}`;
  return undefined;
}

/** Refuses, before anything runs, a scenario whose h2 / h2c phases name variants that cannot serve them. */
export function assertVariantsServeHttp2(variants: readonly { manifest: VariantManifest }[], wants: { h2: boolean; h2c: boolean; traffic?: boolean }): void {
  const problems = variants.flatMap((v) => {
    const reason = http2UnsupportedReason(v.manifest, wants);
    return reason === undefined ? [] : [reason];
  });
  if (problems.length > 0) {
    throw new ConfigError('the scenario has HTTP/2 phases, but not every variant can serve them', problems, {
      hint: 'remove those variants (--variants), or use protocol h2 (over TLS) instead of h2c',
    });
  }
}

/**
 * Checks a started variant's HTTP/2: one GET of the health path by ALPN h2 on the TLS listener and one over h2c, each
 * verified (the negotiated protocol must be h2, the answer 200 from this run's upstream: its identity in the body); the
 * SETTINGS each listener sent are recorded.
 */
export async function checkHttp2Listeners(
  name: string, host: string, path: string, http2: Http2ListenOptions, tls: TlsListenOptions | undefined, configured: string, identity?: string,
): Promise<{ info: Http2ListenerInfo } | { reason: string }> {
  const info: Http2ListenerInfo = { settings: configured };
  if (http2.overTls) {
    if (tls === undefined) return { reason: `${name}: HTTP/2 over TLS asked without a TLS listener` };
    const probe = verified(await probeHttp2(`https://${host}:${tls.listenPort}`, path, tls), identity);
    if (!probe.ok) return { reason: `${name}'s TLS listener on ${host}:${tls.listenPort} over HTTP/2: ${probe.reason}` };
    info.tls = { port: tls.listenPort, ...probe.negotiated };
  }
  if (http2.h2cListenPort !== undefined) {
    const probe = verified(await probeHttp2(`http://${host}:${http2.h2cListenPort}`, path, undefined), identity);
    if (!probe.ok) return { reason: `${name}'s h2c listener on ${host}:${http2.h2cListenPort}: ${probe.reason}` };
    info.h2c = { port: http2.h2cListenPort, ...probe.negotiated };
  }
  return { info };
}

/** A probe's answer judged like a health check: 200 and, when the run has one, its identity in the body. */
function verified(probe: Http2Probe, identity: string | undefined): { ok: true; negotiated: Http2Negotiated } | { ok: false; reason: string } {
  if (!probe.ok) return probe;
  const judged = judgeHealthAnswer(probe.status, probe.body, identity);
  return judged.ok ? { ok: true, negotiated: probe.negotiated } : { ok: false, reason: judged.reason };
}

/** What one HTTP/2 GET got: the status and up to 1 KiB of the body with what was negotiated, or why it failed. */
export type Http2Probe = { ok: true; status: number; body: string; negotiated: Http2Negotiated } | { ok: false; reason: string };

/**
 * One HTTP/2 GET of `path`: over TLS (ALPN offering h2 only, trusting only the run's CA) when `tls` is given, else h2c
 * with prior knowledge. Returns the status, the body's first KiB, the server's SETTINGS and the protocol.
 */
export async function probeHttp2(authority: string, path: string, tls: Pick<TlsListenOptions, 'version' | 'material'> | undefined, timeoutMs = 2000): Promise<Http2Probe> {
  return new Promise((resolve) => {
    let session: ClientHttp2Session | undefined;
    const finish = (result: Http2Probe) => {
      clearTimeout(timer);
      session?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const options = tls ? { ...tlsClientOptions({ caPem: tls.material.caPem, version: tls.version }), ALPNProtocols: ['h2'] } : {};
    session = connect(authority, options);
    session.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, reason: `HTTP/2 connection failed: ${error.code ?? error.message}` }));
    session.on('remoteSettings', (settings: Settings) => {
      const alpn = tls ? ((session!.socket as TLSSocket).alpnProtocol || 'none') : 'h2c';
      if (tls && alpn !== 'h2') return finish({ ok: false, reason: `ALPN negotiated ${alpn}, not h2` });
      const req = session!.request({ ':method': 'GET', ':path': path });
      let status = 0;
      let body = '';
      req.on('response', (headers) => { status = Number(headers[':status']); });
      req.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, reason: `GET ${path} failed: ${error.code ?? error.message}` }));
      req.setEncoding('latin1');
      req.on('data', (chunk: string) => (body = (body + chunk).slice(0, 1024)));
      req.on('end', () => {
        finish({ ok: true, status, body, negotiated: { alpn, remoteSettings: pickSettings(settings), connectionWindowBytes: session!.state.remoteWindowSize ?? null } });
      });
      req.end();
    });
  });
}

/** The SETTINGS worth recording (a server that omits one keeps RFC 9113's default, which Node reports). */
function pickSettings(s: Settings): Http2Negotiated['remoteSettings'] {
  return {
    maxConcurrentStreams: s.maxConcurrentStreams ?? null,
    initialWindowSize: s.initialWindowSize ?? null,
    maxFrameSize: s.maxFrameSize ?? null,
    maxHeaderListSize: s.maxHeaderListSize ?? null,
    headerTableSize: s.headerTableSize ?? null,
    enablePush: s.enablePush ?? null,
  };
}

/** After a variant's start: its HTTP/2 listeners checked (nothing when the cell asks none), or the reason they failed. */
export async function checkStartedHttp2(
  manifest: VariantManifest, host: string, options: { http2?: Http2ListenOptions; tls?: TlsListenOptions; identity?: string },
): Promise<{ h2c?: { address: { host: string; port: number } }; http2: { info: Http2ListenerInfo } } | { reason: string } | undefined> {
  const { http2 } = options;
  if (http2 === undefined || manifest.http2 === undefined) return undefined;
  const checked = await checkHttp2Listeners(manifest.name, host, manifest.healthPath, http2, options.tls, manifest.http2.settings, options.identity);
  if ('reason' in checked) return checked;
  return { ...(http2.h2cListenPort === undefined ? {} : { h2c: { address: { host, port: http2.h2cListenPort } } }), http2: { info: checked.info } };
}
