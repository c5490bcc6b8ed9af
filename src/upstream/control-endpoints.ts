// The /__pb/ control endpoints: GET /__pb/health, GET /__pb/stats, POST /__pb/stats/reset, /__pb/bytes/N (404/405 for the rest of /__pb/).
import type { FramedRequest } from './framer.js';
import { buildResponse, connectionHeaderFor, type SmallResponse } from './responses.js';
import type { UpstreamStatsRecorder } from './upstream-stats.js';

export const controlPrefix = '/__pb/';

/** The health answer: `ok`, then the run's identity token when the upstream was given one. */
export const healthBody = (identity: string) => (identity ? `ok ${identity}` : 'ok');

export function isControlTarget(target: string): boolean {
  return target.startsWith(controlPrefix);
}

export interface ControlReply {
  response: Buffer;
  /** Run right after the response is handed to the socket (the reset, so its own bytes are not counted). */
  after?: () => void;
}

interface Route {
  method: string;
  answer: (stats: UpstreamStatsRecorder) => Omit<SmallResponse, 'connection'> & { after?: () => void };
}

const routes: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/__pb/health', {
    method: 'GET',
    answer: (stats) => {
      stats.healthRequests++;
      return { status: 200, contentType: 'text/plain', body: healthBody(stats.identity) };
    },
  }],
  ['/__pb/stats', {
    method: 'GET',
    answer: (stats) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(stats.snapshot()) }),
  }],
  ['/__pb/stats/reset', {
    method: 'POST',
    answer: (stats) => ({ status: 200, contentType: 'application/json', body: JSON.stringify({ reset: true, identity: stats.identity }), after: () => stats.reset() }),
  }],
]);

/** Answers a request whose target starts with /__pb/. */
export function answerControl(request: FramedRequest, stats: UpstreamStatsRecorder): ControlReply {
  const queryAt = request.target.indexOf('?');
  const path = queryAt === -1 ? request.target : request.target.slice(0, queryAt);
  const connection = connectionHeaderFor(request);
  const sized = sizedBodyBytes(path);
  if (sized !== undefined) {
    stats.countRequest(request.target); // proxied traffic like any benign request (the connection ladder's exchanges)
    return { response: buildResponse({ status: 200, contentType: 'text/plain', body: 'x'.repeat(sized), connection }) };
  }
  const route = routes.get(path);
  if (route === undefined) {
    return { response: buildResponse({ status: 404, contentType: 'text/plain', body: 'unknown control endpoint\n', connection }) };
  }
  if (request.method !== route.method) {
    const body = `use ${route.method}\n`;
    return { response: buildResponse({ status: 405, contentType: 'text/plain', body, connection, allow: route.method }) };
  }
  const { after, ...answer } = route.answer(stats);
  const response = buildResponse({ ...answer, connection });
  return after === undefined ? { response } : { response, after };
}

/** Any method on /__pb/bytes/N answers 200 with N bytes of 'x' (N ≤ 1 MiB): a response size per request, for the connection ladder. */
export const sizedBodyPrefix = '/__pb/bytes/';
export const maxSizedBodyBytes = 1024 * 1024;

function sizedBodyBytes(path: string): number | undefined {
  if (!path.startsWith(sizedBodyPrefix)) return undefined;
  const digits = path.slice(sizedBodyPrefix.length);
  if (!/^\d{1,7}$/.test(digits)) return undefined;
  const bytes = Number(digits);
  return bytes <= maxSizedBodyBytes ? bytes : undefined;
}
