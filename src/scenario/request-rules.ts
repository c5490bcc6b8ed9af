// The scenario's requests as the generator would send them: no suite-owned headers, no CR/LF, bodies only where allowed.
import { requestShapeProblems } from '../shared/request-rules.js';
import type { Problem } from './problem.js';
import type { RequestConfig, Scenario } from './schema.js';

function problemsOf(request: RequestConfig, at: (string | number)[]): Problem[] {
  const shape = { method: request.method, path: request.path, headers: request.headers, bodyBytes: request.body ?? 0 };
  return requestShapeProblems(shape).map((p) => ({ path: [...at, ...p.field], message: p.message }));
}

export function requestRuleProblems(s: Scenario): Problem[] {
  return [
    ...problemsOf(s.request, ['request']),
    ...s.phases.flatMap((p, i) => ('request' in p.traffic && p.traffic.request ? problemsOf(p.traffic.request, ['phases', i, 'traffic', 'request']) : [])),
  ];
}
