// What a benchmark request may hold (pure): the suite owns the framing headers, values carry no CR/LF, only POST has a body.

/** Headers the generator writes itself: a scenario that set them would change the framing it measures. */
export const suiteOwnedHeaders: readonly string[] = ['host', 'content-length', 'transfer-encoding'];

/** Methods whose requests may carry a body here (GET and HEAD bodies have no defined meaning: RFC 9110 §9.3.1). */
export const methodsWithBody: readonly string[] = ['POST'];

/** The largest request body the generator builds. */
export const maxRequestBodyBytes = 64 * 1024 * 1024;

export interface RequestShape {
  method: string;
  path: string;
  headers?: Record<string, string>;
  bodyBytes?: number;
}

/** One problem: the field of the request it is about (e.g. ['headers', 'Host']) and what to do. */
export interface RequestProblem {
  field: string[];
  message: string;
}

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Every problem with a request (empty when the generator can send it as written). */
export function requestShapeProblems(r: RequestShape): RequestProblem[] {
  const problems: RequestProblem[] = [];
  if (!/^\/[\x21-\x7e]*$/.test(r.path)) problems.push({ field: ['path'], message: `must start with / and hold no spaces or control characters; got ${JSON.stringify(r.path)}` });
  const bodyBytes = r.bodyBytes ?? 0;
  if (!Number.isInteger(bodyBytes) || bodyBytes < 0 || bodyBytes > maxRequestBodyBytes) problems.push({ field: ['body'], message: `must be a whole number of bytes up to 64MiB; got ${bodyBytes}` });
  if (bodyBytes > 0 && !methodsWithBody.includes(r.method)) problems.push({ field: ['body'], message: `a ${r.method} request carries no body: use method: POST, or remove body` });
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    if (!tokenPattern.test(name)) problems.push({ field: ['headers', name], message: `${JSON.stringify(name)} is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only)` });
    else if (suiteOwnedHeaders.includes(name.toLowerCase())) problems.push({ field: ['headers', name], message: `${name} is written by the generator (it frames every request); remove it` });
    if (/[\r\n\0]/.test(value)) problems.push({ field: ['headers', name], message: 'a header value may not hold CR, LF or NUL (it would split the request); remove them' });
  }
  return problems;
}
