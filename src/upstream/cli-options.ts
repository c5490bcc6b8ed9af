// Command-line flags of the upstream program → UpstreamOptions (pure; every problem reported at once).
import { parseArgs } from 'node:util';
import { ConfigError, UsageError } from '../shared/errors.js';
import { parseSizeBytes } from '../shared/units.js';
import { parseLatencySpec } from './latency-spec.js';
import { isLoopbackHost, maxBodyBytes, type UpstreamOptions } from './server.js';

export const upstreamUsage =
  "usage: upstream --host 127.0.0.1 --port P --body-bytes N --latency '{\"distribution\":\"none\"}' [--oracle] [--identity RUN.NONCE] [--tls-port P --tls-cert FILE --tls-key FILE [--tls-version 1.3|1.2] [--tls-no-resumption]]";

export function parseUpstreamArgs(argv: readonly string[]): UpstreamOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        'body-bytes': { type: 'string', default: '0' },
        latency: { type: 'string', default: '{"distribution":"none"}' },
        // Inside a container on a network of the run's own (docker runtime, bridge mode): --host 0.0.0.0 is allowed.
        'container-network': { type: 'boolean', default: false },
        // Oracle mode (the adversarial probes): record every connection's bytes; src/upstream/oracle-*.ts.
        oracle: { type: 'boolean', default: false },
        // A second listener over TLS (direct's TLS row): port, the run's certificate chain and key, the one version.
        'tls-port': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-version': { type: 'string', default: '1.3' },
        // No session tickets and no session cache: every TLS connection is a full handshake.
        'tls-no-resumption': { type: 'boolean', default: false },
        // The run's token (`<run id>.<nonce>`): answered on /__pb/health and in /__pb/stats (proof of identity).
        identity: { type: 'string', default: '' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, { hint: upstreamUsage, cause: error });
  }
  const problems: string[] = [];
  const host = values.host as string;
  const containerNetwork = values['container-network'] === true;
  if (!isLoopbackHost(host) && !(containerNetwork && host === '0.0.0.0')) problems.push(`--host ${host} is not in 127.0.0.0/8`);
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port as string) || port > 65535) problems.push(`--port must be 0..65535, got ${values.port}`);
  const bodyBytes = parseSizeBytes(values['body-bytes'] as string);
  if (bodyBytes === undefined || bodyBytes > maxBodyBytes) {
    problems.push(`--body-bytes must be a size up to 64MiB (e.g. 1024, 16KiB), got ${values['body-bytes']}`);
  }
  let latency: UpstreamOptions['latency'] = { distribution: 'none' };
  try {
    latency = parseLatencySpec(values.latency as string);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(`--latency: ${error.message}`);
  }
  const tls = tlsOptions(values, problems);
  const identity = values.identity as string;
  if (!/^[A-Za-z0-9._-]{0,200}$/.test(identity)) problems.push(`--identity must be letters, digits, ".", "_" or "-", got ${identity}`);
  if (problems.length > 0) throw new UsageError(problems.join('; '), { hint: upstreamUsage });
  return {
    host, port, bodyBytes: bodyBytes!, latency, ...(containerNetwork ? { containerNetwork } : {}), ...(values.oracle === true ? { oracle: true } : {}), ...(tls ? { tls } : {}),
    ...(identity ? { identity } : {}),
  };
}

/** --tls-port with --tls-cert and --tls-key (all or none), --tls-version 1.3|1.2, --tls-no-resumption. */
function tlsOptions(values: Record<string, string | boolean | undefined>, problems: string[]): UpstreamOptions['tls'] {
  const port = values['tls-port'] as string | undefined;
  const certFile = values['tls-cert'] as string | undefined;
  const keyFile = values['tls-key'] as string | undefined;
  if (port === undefined && certFile === undefined && keyFile === undefined) return undefined;
  if (port === undefined || certFile === undefined || keyFile === undefined) {
    problems.push('--tls-port, --tls-cert and --tls-key go together');
    return undefined;
  }
  if (!/^\d+$/.test(port) || Number(port) > 65535) problems.push(`--tls-port must be 0..65535, got ${port}`);
  const version = values['tls-version'];
  if (version !== '1.3' && version !== '1.2') problems.push(`--tls-version must be 1.3 or 1.2, got ${String(version)}`);
  return { port: Number(port), certFile, keyFile, version: version === '1.2' ? '1.2' : '1.3', resumption: values['tls-no-resumption'] !== true };
}
