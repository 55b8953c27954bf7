import { PortalProcess, REPO_ROOT } from '../PortalProcess';

/** One HTTP request of a robustness or security case. */
export interface HttpCase {
  /** Stable id: category/what/number. */
  id: string;
  category: string;
  method: string;
  /** Path and query, already encoded as they go on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /**
   * What the answer must be: `client-error` a 4xx; `not-server-error` anything under 500 (inputs
   * a route may legitimately ignore, such as an unknown query parameter). @defaultValue 'client-error'
   */
  expect?: 'client-error' | 'not-server-error';
  /** Statuses accepted besides the rule above (e.g. 200 with an empty list). */
  alsoAccept?: number[];
}

export interface HttpOutcome {
  case: HttpCase;
  status: number;
  /** Response text (cut at 4 kB for the report). */
  text: string;
  json?: any;
  ms: number;
  problems: string[];
}

/** Markers of a JavaScript stack trace or of the server's file system in a response. */
export function leakProblems(
  text: string,
  extraPaths: string[] = [],
): string[] {
  const problems: string[] = [];
  if (
    /\n\s+at\s+\S/.test(text) ||
    /\bat\s+[\w.<>]+\s+\([^)]*:\d+:\d+\)/.test(text)
  ) {
    problems.push('stack trace in the body');
  }
  if (/[\w/-]\.(?:ts|tsx|js|cjs|mjs):\d+(?::\d+)?/.test(text)) {
    problems.push('source file position in the body');
  }
  // Where the code lives (a catalog location or a plans directory named in a message is data).
  for (const p of [
    `${REPO_ROOT}/packages/`,
    `${REPO_ROOT}/plugins/`,
    `${REPO_ROOT}/node_modules/`,
    '/node_modules/',
    ...extraPaths,
  ]) {
    if (p && text.includes(p)) problems.push(`server path ${p} in the body`);
  }
  return problems;
}

/**
 * Every `stack` property in a JSON body. The scaffolder's parameter errors are jsonschema
 * ValidationErrors, whose `stack` is the one-line description `<property> <message>`, not a
 * trace: those are recognised and not counted.
 */
export function stackFields(value: unknown, path = '$'): string[] {
  if (!value || typeof value !== 'object') return [];
  const found: string[] = [];
  const record = value as Record<string, unknown>;
  if ('stack' in record) {
    const isSchemaMessage =
      typeof record.stack === 'string' &&
      typeof record.property === 'string' &&
      typeof record.message === 'string' &&
      record.stack === `${record.property} ${record.message}`;
    if (!isSchemaMessage) found.push(`${path}.stack`);
  }
  for (const [k, v] of Object.entries(record)) {
    if (v && typeof v === 'object')
      found.push(...stackFields(v, `${path}.${k}`));
  }
  return found;
}

/** Whether a 4xx body says what went wrong in one of the shapes Backstage uses. */
export function hasClearError(json: any): boolean {
  const named = (e: any) =>
    e &&
    typeof e === 'object' &&
    typeof e.message === 'string' &&
    e.message !== '';
  if (!json || typeof json !== 'object') return false;
  // Backstage's error middleware: { error: { name, message }, request, response }. The core
  // plugins' permission refusals are `new NotAllowedError()`: the name says it, the message is
  // empty.
  if (
    json.error &&
    typeof json.error.name === 'string' &&
    json.error.name !== '' &&
    typeof json.error.message === 'string' &&
    (json.error.message !== '' || json.error.name === 'NotAllowedError')
  ) {
    return true;
  }
  // catalog validate-entity and scaffolder parameter validation: { errors: [{ name, message }] }.
  if (
    Array.isArray(json.errors) &&
    json.errors.length > 0 &&
    json.errors.every(named)
  ) {
    return true;
  }
  // MCP (JSON-RPC 2.0): { jsonrpc, error: { code, message } }.
  if (json.jsonrpc === '2.0' && named(json.error)) return true;
  // The events backend's webhook validators: { message } ("invalid signature").
  if (named(json) && Object.keys(json).length === 1) return true;
  return false;
}

/**
 * Judges a response: under 500, no stack trace or server path, and a 4xx that says what went
 * wrong. An empty 404 is accepted only as "no such route" (the router did not match the path).
 */
export function judge(
  c: HttpCase,
  status: number,
  text: string,
  extraPaths: string[] = [],
): { json?: any; problems: string[] } {
  const problems: string[] = [];
  let json: any;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (status >= 500) problems.push(`status ${status}`);
  const expect = c.expect ?? 'client-error';
  const accepted = c.alsoAccept?.includes(status);
  if (
    expect === 'client-error' &&
    !accepted &&
    status < 500 &&
    (status < 400 || status >= 500)
  ) {
    problems.push(`expected a 4xx, got ${status}`);
  }
  if (status >= 400 && status < 500) {
    // Answered before any router: no route (404), or Node's own limit on the request line and
    // headers (431, 414) — empty bodies by design.
    const beforeRouting =
      [404, 414, 431].includes(status) && text.trim() === '';
    if (!beforeRouting && !hasClearError(json)) {
      problems.push(`a ${status} without a JSON error naming the problem`);
    }
  }
  // Stack traces nowhere; server paths not in errors (a 2xx may carry an entity's location,
  // which is data).
  problems.push(
    ...leakProblems(text, status >= 400 ? extraPaths : []).filter(
      p => status >= 400 || !p.startsWith('server path'),
    ),
  );
  if (json) {
    for (const field of stackFields(json))
      problems.push(`${field} in the body`);
  }
  return { json, problems };
}

/** Requests sent again after a reused connection was closed under them (see {@link send}). */
export const connectionStats = { retries: 0 };

/** Sends one case; network failures are problems too (the server hung up or died). */
export async function send(
  portal: PortalProcess,
  c: HttpCase,
  token?: string,
  extraPaths: string[] = [],
): Promise<HttpOutcome> {
  const started = Date.now();
  const headers: Record<string, string> = { ...c.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  const attempt = () =>
    fetch(`${portal.baseUrl}${c.path}`, {
      method: c.method,
      headers,
      body: c.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
  try {
    let res: Response;
    try {
      res = await attempt();
    } catch (error) {
      // A kept-alive connection the server closed as it was reused (its keep-alive timeout is
      // 5 s) fails before anything is sent: once, that is the client's race, not the server's
      // answer. A server that is gone fails the second time too (and the health check).
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (!code || !['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(code))
        throw error;
      connectionStats.retries++;
      res = await attempt();
    }
    const text = await res.text();
    const { json, problems } = judge(c, res.status, text, extraPaths);
    return {
      case: c,
      status: res.status,
      text: text.slice(0, 4096),
      json,
      ms: Date.now() - started,
      problems,
    };
  } catch (error) {
    return {
      case: c,
      status: 0,
      text: '',
      ms: Date.now() - started,
      problems: [`request failed: ${(error as Error).message}`],
    };
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time, results in input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  return results;
}

/** The backend answers its liveness and readiness probes. */
export async function assertAlive(portal: PortalProcess): Promise<void> {
  for (const probe of ['liveness', 'readiness']) {
    const res = await fetch(`${portal.baseUrl}/.backstage/health/v1/${probe}`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200) {
      throw new Error(
        `${probe} probe answered ${res.status}: ${await res.text()}`,
      );
    }
  }
}

/**
 * Sends the cases in batches of `batchSize` (each batch concurrently), checking after every batch
 * that the process is still alive.
 */
export async function runCases(
  portal: PortalProcess,
  cases: readonly HttpCase[],
  options: {
    token?: string;
    concurrency?: number;
    batchSize?: number;
    extraPaths?: string[];
  } = {},
): Promise<HttpOutcome[]> {
  const batchSize = options.batchSize ?? 200;
  const out: HttpOutcome[] = [];
  for (let i = 0; i < cases.length; i += batchSize) {
    const batch = cases.slice(i, i + batchSize);
    out.push(
      ...(await mapConcurrent(batch, options.concurrency ?? 16, c =>
        send(portal, c, options.token, options.extraPaths),
      )),
    );
    await assertAlive(portal);
  }
  return out;
}

/** A readable list of the failed outcomes, for an assertion message. */
export function describeFailures(
  outcomes: readonly HttpOutcome[],
  max = 25,
): string[] {
  return outcomes
    .filter(o => o.problems.length > 0)
    .slice(0, max)
    .map(
      o =>
        `${o.case.id}: ${o.case.method} ${o.case.path.slice(0, 200)} → ${
          o.status
        } (${o.problems.join('; ')}) ${o.text.slice(0, 300)}`,
    );
}
