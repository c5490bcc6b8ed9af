// The oracle's control endpoints: health and stats as the benign upstream has them, plus mark, log and reset for the prober.
import type { ParsedRequest } from '../http1/stream.js';
import { defaultBodyTimeoutMs, oracleModes, type OracleContext, type OracleMode } from './oracle-context.js';
import { buildControlAnswer, echoOf } from './oracle-responses.js';
import { healthBody } from './control-endpoints.js';

type Route = (query: URLSearchParams, context: OracleContext) => { status: number; body: string; type?: string };

const json = (value: unknown) => ({ status: 200, body: JSON.stringify(value), type: 'application/json' });

const routes: Record<string, { method: string; run: Route }> = {
  '/__pb/health': { method: 'GET', run: (_q, c) => ({ status: 200, body: healthBody(c.stats.identity), type: 'text/plain' }) },
  '/__pb/stats': { method: 'GET', run: (_q, c) => json(c.stats.snapshot()) },
  '/__pb/stats/reset': { method: 'POST', run: (_q, c) => (c.stats.reset(), json({ reset: true, identity: c.stats.identity })) },
  /** ?mode=default|early-response|body-timeout&bodyTimeoutMs=N: sets the answer mode, returns {marker}. */
  '/__pb/oracle/mark': {
    method: 'POST',
    run: (q, c) => {
      const mode = (q.get('mode') ?? 'default') as OracleMode;
      if (!oracleModes.includes(mode)) return { status: 400, body: `mode must be one of ${oracleModes.join(', ')}\n` };
      const timeout = Number(q.get('bodyTimeoutMs') ?? defaultBodyTimeoutMs);
      c.mode = { name: mode, bodyTimeoutMs: Number.isInteger(timeout) && timeout > 0 && timeout <= 60_000 ? timeout : defaultBodyTimeoutMs };
      return json({ marker: c.log.mark(), mode: c.mode });
    },
  },
  /** ?since=MARKER: every non-control connection's bytes, requests and answers after the mark. */
  '/__pb/oracle/log': { method: 'GET', run: (q, c) => json(c.log.snapshot(Number(q.get('since') ?? 0) || 0)) },
  /** Drops every connection but the prober's, forgets the log, back to the default mode. */
  '/__pb/oracle/reset': {
    method: 'POST',
    run: (_q, c) => {
      const dropped = [...c.live].filter((conn) => !conn.control);
      for (const conn of dropped) conn.drop();
      c.log.clear();
      c.mode = { name: 'default', bodyTimeoutMs: defaultBodyTimeoutMs };
      return json({ reset: true, dropped: dropped.length });
    },
  },
};

export function answerOracleControl(request: ParsedRequest, context: OracleContext): Buffer {
  const url = new URL(request.target, 'http://oracle');
  const route = routes[url.pathname];
  const close = !request.keepAlive;
  if (route === undefined) return buildControlAnswer(404, 'text/plain', 'unknown control endpoint\n', close);
  if (request.method !== route.method) return buildControlAnswer(404, 'text/plain', `use ${route.method}\n`, close);
  const answer = route.run(url.searchParams, context);
  if (url.pathname !== '/__pb/health') return buildControlAnswer(answer.status, answer.type ?? 'text/plain', answer.body, close);
  // The health answer names the request it answers, as every probe answer does: a prober sending ?n=<nonce> through a
  // proxy can tell the upstream's answer to it from a leftover response of an earlier exchange.
  context.stats.healthRequests++;
  return buildControlAnswer(answer.status, answer.type ?? 'text/plain', answer.body, close, [`X-PB-Echo: ${echoOf(request.target)}`]);
}
