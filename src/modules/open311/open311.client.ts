/**
 * Open311 GeoReport v2 client ("Open311 out"): POST requests and GET requests / tokens against an external
 * endpoint (JSON format). The HTTP function can be replaced (tests route it through another app in-process).
 * Failures throw JobError codes (`http_403`, `network_ECONNREFUSED`, `bad_answer`) — never response bodies, which
 * may echo personal data.
 */
import { JobError } from '../../platform/jobs';
import { LOOP_PREFIX } from './open311.via';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

let fetcher: FetchLike = (url, init) => fetch(url, init);

/** Replaces the HTTP function (null: back to the global fetch). */
export function setOpen311Fetch(f: FetchLike | null): void {
  fetcher = f ?? ((url, init) => fetch(url, init));
}

const TIMEOUT_MS = 20_000;

export function endpointUrl(endpoint: string, resource: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${resource}`;
}

async function call(url: string, init: RequestInit, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetcher(url, { ...init, signal: combined, headers: { accept: 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : (err as Error)?.name || 'error';
    throw new JobError(`network_${code}`.replace(/[^\w.-]/g, '_'));
  }
  const text = await res.text();
  if (res.status === 400 && isLoopRefusal(text)) throw new JobError('forwarding_loop', { permanent: true });
  if (!res.ok) throw new JobError(`http_${res.status}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new JobError('bad_answer');
  }
}

/** A 400 whose Open311 errors say the receiver refused a forwarding loop (see open311.via.ts): no retry helps. */
function isLoopRefusal(text: string): boolean {
  try {
    const body = JSON.parse(text) as unknown;
    return Array.isArray(body) && body.some((e) => typeof (e as { description?: unknown })?.description === 'string' && (e as { description: string }).description.startsWith(LOOP_PREFIX));
  } catch {
    return false;
  }
}

export interface PostResult {
  serviceRequestId: string | null;
  token: string | null;
}

const idOf = (v: unknown): string | null => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);

/**
 * POST requests.json (form-encoded). Returns the service_request_id or the token of a batch server. `via` is the
 * Via header to send (this tenant's entry after the chain the concern arrived with).
 */
export async function postServiceRequest(endpoint: string, params: URLSearchParams, signal?: AbortSignal, via?: string): Promise<PostResult> {
  const body = await call(
    endpointUrl(endpoint, 'requests.json'),
    { method: 'POST', body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...(via ? { via } : {}) } },
    signal,
  );
  const first = Array.isArray(body) ? (body[0] as Record<string, unknown> | undefined) : undefined;
  const result = { serviceRequestId: idOf(first?.service_request_id), token: idOf(first?.token) };
  if (!result.serviceRequestId && !result.token) throw new JobError('bad_answer');
  return result;
}

export interface RemoteRequest {
  serviceRequestId: string;
  status: 'open' | 'closed';
  statusNotes: string | null;
  updatedAt: string | null;
}

function withQuery(url: string, q: Record<string, string | null | undefined>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(q)) if (v) u.searchParams.set(k, v);
  return u.toString();
}

/** GET requests.json?service_request_id=a,b,… (the ids override every other filter, per spec). */
export async function getServiceRequests(endpoint: string, ids: string[], jurisdictionId: string | null, signal?: AbortSignal): Promise<RemoteRequest[]> {
  const body = await call(withQuery(endpointUrl(endpoint, 'requests.json'), { service_request_id: ids.join(','), jurisdiction_id: jurisdictionId }), { method: 'GET' }, signal);
  if (!Array.isArray(body)) throw new JobError('bad_answer');
  const out: RemoteRequest[] = [];
  for (const r of body as Record<string, unknown>[]) {
    const id = idOf(r?.service_request_id);
    const status = r?.status === 'closed' ? 'closed' : r?.status === 'open' ? 'open' : null;
    if (!id || !status) continue;
    const notes = typeof r.status_notes === 'string' && r.status_notes.trim() ? r.status_notes.trim().slice(0, 4000) : null;
    const updated = typeof r.updated_datetime === 'string' && !Number.isNaN(new Date(r.updated_datetime).getTime()) ? new Date(r.updated_datetime).toISOString() : null;
    out.push({ serviceRequestId: id, status, statusNotes: notes, updatedAt: updated });
  }
  return out;
}

/** GET tokens/{token}.json → the service_request_id once the batch server has one (null: not yet). */
export async function getTokenRequestId(endpoint: string, token: string, jurisdictionId: string | null, signal?: AbortSignal): Promise<string | null> {
  try {
    const body = await call(withQuery(endpointUrl(endpoint, `tokens/${encodeURIComponent(token)}.json`), { jurisdiction_id: jurisdictionId }), { method: 'GET' }, signal);
    const first = Array.isArray(body) ? (body[0] as Record<string, unknown> | undefined) : undefined;
    return idOf(first?.service_request_id);
  } catch (e) {
    if (e instanceof JobError && e.code === 'http_404') return null;
    throw e;
  }
}
