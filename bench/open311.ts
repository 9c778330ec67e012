/**
 * The Open311 list scenario: `GET /open311/v2/requests.json?service_code=…&start_date=…&end_date=…` as an
 * Open311 consumer (a city dashboard, a second system polling) sends it — one service, a window of `days` days
 * ending `backDays` days ago, the spec's default size (at most 1,000 records). Successive requests rotate over the
 * service codes, so no single category stays hot in a cache.
 */
import type { HttpAnswer } from './load';

export interface Open311Window {
  /** Length of the date window in days. */
  days: number;
  /** How far back the window ends: 0 = now. */
  backDays: number;
}

const DAY_MS = 86_400_000;

/** W3C date-time in UTC without milliseconds, as the spec's examples write it (2026-11-25T18:00:00Z). */
export function w3c(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The request paths, one per service code, for a window relative to `now`. */
export function open311Paths(serviceCodes: string[], now: Date, w: Open311Window): string[] {
  const end = new Date(now.getTime() - w.backDays * DAY_MS);
  const start = new Date(end.getTime() - w.days * DAY_MS);
  return serviceCodes.map((code) => `/open311/v2/requests.json?${new URLSearchParams({ service_code: code, start_date: w3c(start), end_date: w3c(end) }).toString()}`);
}

/** A request's target without the query values, for the report: `GET /open311/v2/requests.json?service_code=…`. */
export function shortTarget(path: string): string {
  const [p = '', q = ''] = path.split('?');
  const keys = [...new URLSearchParams(q).keys()];
  return `GET ${p}${keys.length ? `?${keys.map((k) => `${k}=…`).join('&')}` : ''}`;
}

/** The first answer is read in full: a JSON array of service requests of that service, inside the window. */
export function checkOpen311Probe(a: HttpAnswer, serviceCode: string, from: Date, to: Date): { records: number } {
  if (a.status !== 200) throw new Error(`Open311 requests.json answered ${a.status}: ${a.body.toString('utf8').slice(0, 200)}`);
  const list = JSON.parse(a.body.toString('utf8')) as { service_code?: string; requested_datetime?: string }[];
  if (!Array.isArray(list)) throw new Error('Open311 requests.json did not answer a JSON array');
  for (const r of list) {
    const at = new Date(r.requested_datetime ?? '').getTime();
    if (r.service_code !== serviceCode) throw new Error(`Open311 requests.json returned service_code ${r.service_code}, asked for ${serviceCode}`);
    if (!(at >= from.getTime() - 1000 && at <= to.getTime() + 1000)) throw new Error(`Open311 requests.json returned a request from ${r.requested_datetime}, outside the window`);
  }
  return { records: list.length };
}

/** Every later answer: 200 with JSON (not parsed again, to keep the load generator's share of the CPU small). */
export function checkOpen311(a: HttpAnswer): string | null {
  if (a.status === 200 && String(a.headers['content-type'] ?? '').startsWith('application/json')) return null;
  return `Open311 requests.json answered ${a.status}`;
}
