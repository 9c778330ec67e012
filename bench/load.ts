/**
 * A bounded load loop for scenarios that autocannon cannot express (a CSRF form fetched once per connection,
 * a different body or URL per request): N clients, each with its own keep-alive connection (an http.Agent with one
 * socket), send requests one after the other until the time is up. Latency is measured per request, from the
 * request being written to the last byte of the answer; only answers that `check` accepts count, anything else
 * fails the scenario.
 */
import http from 'node:http';

export class TimeoutError extends Error {}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One keep-alive connection of a simulated client (a browser tab or an API consumer). */
export function connection(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

export function request(
  agent: http.Agent,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
  timeoutSeconds = 120,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      { agent, method, hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutSeconds * 1000, () => req.destroy(new TimeoutError(`${method} ${u.pathname} timed out after ${timeoutSeconds} s`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export interface LoopOptions<S> {
  clients: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Upper bound of measured requests (keeps slow scenarios bounded in work as well as time). */
  maxRequests?: number;
  /** Per client, once, before the warm-up (e.g. GET the form: cookie and CSRF token). */
  setup(agent: http.Agent, client: number): Promise<S>;
  /** One request; `seq` counts the client's requests (warm-up included). Returns the answer to check. */
  send(agent: http.Agent, state: S, seq: number, client: number): Promise<HttpAnswer>;
  /** null when the answer is what the scenario expects, else a message (fails the scenario). */
  check(answer: HttpAnswer): string | null;
}

export interface LoopResult {
  /** Latency of each measured, accepted request in ms. */
  times: number[];
  requests: number;
  seconds: number;
  reqPerSec: number;
  bytes: number;
}

/** Runs the clients for the warm-up (not measured), then for the measured duration. */
export async function runLoop<S>(o: LoopOptions<S>): Promise<LoopResult> {
  const agents = Array.from({ length: o.clients }, () => connection());
  try {
    const states = await Promise.all(agents.map((a, i) => o.setup(a, i)));
    const seqs = agents.map(() => 0);
    const phase = async (seconds: number, measured: boolean) => {
      const times: number[] = [];
      let bytes = 0;
      const start = performance.now();
      const end = start + seconds * 1000;
      let budget = measured && o.maxRequests ? o.maxRequests : Infinity;
      await Promise.all(
        agents.map(async (agent, i) => {
          while (performance.now() < end && budget > 0) {
            budget--;
            const t0 = performance.now();
            const answer = await o.send(agent, states[i]!, seqs[i]!++, i);
            const ms = performance.now() - t0;
            const problem = o.check(answer);
            if (problem) throw new Error(problem);
            if (measured) {
              times.push(ms);
              bytes += answer.body.length;
            }
          }
        }),
      );
      const elapsed = (performance.now() - start) / 1000;
      return { times, requests: times.length, seconds: elapsed, reqPerSec: times.length / elapsed, bytes: times.length ? bytes / times.length : 0 };
    };
    if (o.warmupSeconds > 0) await phase(o.warmupSeconds, false);
    return await phase(o.durationSeconds, true);
  } finally {
    for (const a of agents) a.destroy();
  }
}
