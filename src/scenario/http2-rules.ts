// Rules for HTTP/2 phases that the schema cannot express: which loops speak h2, what goes with h2 and h2c.
import type { Problem } from './problem.js';
import type { Scenario } from './schema.js';

/** Largest request body an HTTP/2 phase sends (one DATA frame: src/traffic/open-loop-h2/request.ts). */
const maxH2BodyBytes = 16_384;

/**
 * `protocol: h2` goes to the TLS listener by ALPN (its `tls` block, if any, must keep connections: keepalive);
 * `protocol: h2c` is cleartext (no `tls`). Open loop runs on the h2 engine; closed loop through h2load. `streams` only
 * with h2 / h2c. Searches keep HTTP/1.1. An attack phase may carry h2 / h2c benign traffic beside its attack (whose own
 * protocol is `attack.h2`): its clean phase must then speak the same (adversarial-rules.ts).
 */
export function http2Problems(s: Scenario): Problem[] {
  return s.phases.flatMap((p, i) => {
    const problems: Problem[] = [];
    const at = (...path: (string | number)[]) => ['phases', i, ...path];
    const h2 = p.protocol === 'h2' || p.protocol === 'h2c';
    if (!h2) {
      if ((p.traffic.loop === 'open' || p.traffic.loop === 'closed') && p.traffic.streams !== undefined) {
        problems.push({ path: at('traffic', 'streams'), message: 'streams are HTTP/2 streams per connection: add protocol: h2 (or h2c) to the phase, or remove streams' });
      }
      return problems;
    }
    if (p.protocol === 'h2c' && p.tls !== undefined) {
      problems.push({ path: at('tls'), message: 'h2c is cleartext HTTP/2: remove tls, or use protocol: h2 (HTTP/2 by ALPN over TLS)' });
    }
    if (p.protocol === 'h2' && p.tls !== undefined && p.tls.mode !== 'keepalive') {
      problems.push({ path: at('tls', 'mode'), message: `HTTP/2 phases keep their connections (many streams on each): only mode: keepalive; measure ${p.tls.mode} handshakes with an HTTP/1.1 phase` });
    }
    if (p.traffic.loop === 'search') {
      problems.push({ path: at('protocol'), message: 'a rate search runs over HTTP/1.1 here; remove protocol (HTTP/2 phases: loop open, closed or ladder)' });
    }
    const request = (p.traffic.loop === 'open' || p.traffic.loop === 'closed' ? p.traffic.request : undefined) ?? s.request;
    if (p.traffic.loop === 'ladder' && (p.traffic.requestBody ?? 0) > maxH2BodyBytes) {
      problems.push({ path: at('traffic', 'requestBody'), message: `an HTTP/2 ladder sends its body in one DATA frame: at most ${maxH2BodyBytes} bytes (16KiB)` });
    }
    if (p.traffic.loop !== 'ladder' && (request.body ?? 0) > maxH2BodyBytes) {
      problems.push({ path: p.traffic.loop === 'open' || p.traffic.loop === 'closed' ? at('traffic', 'request', 'body') : ['request', 'body'], message: `an HTTP/2 phase sends its body in one DATA frame: at most ${maxH2BodyBytes} bytes (16KiB)` });
    }
    return problems;
  });
}
