/**
 * Forwarding loops between Quartier instances (tenant A forwards a category to B, B forwards it back to A).
 *
 * Quartier uses the HTTP `Via` header (RFC 9110 §7.6.3, whose stated purpose includes "avoiding request loops"):
 * - every POST requests.json Quartier sends carries the chain it received with the concern (if it came in by
 *   Open311) plus its own entry `1.1 quartier-<pseudonym>` — a pseudonym of the tenant (a hash, not its id);
 * - a POST whose chain already names this tenant is refused with 400 "Forwarding loop: …" and creates nothing;
 *   the sender's job stops for good on that answer (no retries);
 * - a chain with more than MAX_QUARTIER_HOPS Quartier entries is refused the same way.
 * Other servers ignore the header (or add their own entries, which are kept and never counted).
 */
import { createHash } from 'node:crypto';

export const MAX_QUARTIER_HOPS = 5;
export const LOOP_PREFIX = 'Forwarding loop';
/** Stored and forwarded chains are cut to this length. */
const MAX_CHAIN = 1000;

/** This tenant's `received-by` pseudonym in Via entries. */
export function viaName(tenantId: string): string {
  return `quartier-${createHash('sha256').update(`quartier-via:${tenantId}`).digest('hex').slice(0, 16)}`;
}

/** The `received-by` parts of a Via header ("1.1 a, HTTP/1.1 b (comment)" → ["a", "b"]). */
export function viaHops(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((e) => e.trim().split(/\s+/)[1] ?? '')
    .filter(Boolean);
}

/** Null when the request may be created; else the reason to refuse it (an Open311 error description). */
export function loopProblem(header: string | null | undefined, tenantId: string): string | null {
  const hops = viaHops(header);
  if (hops.includes(viaName(tenantId))) return `${LOOP_PREFIX}: this service request has already passed through this server; it was not created again`;
  if (hops.filter((h) => h.startsWith('quartier-')).length >= MAX_QUARTIER_HOPS) {
    return `${LOOP_PREFIX}: this service request has been forwarded through ${MAX_QUARTIER_HOPS} or more Quartier servers; it was not created`;
  }
  return null;
}

/** The chain as received, cleaned for storage (null when none). */
export function storedChain(header: string | null | undefined): string | null {
  const v = header?.replace(/[\r\n]/g, ' ').trim();
  return v ? v.slice(0, MAX_CHAIN) : null;
}

/** The Via header of a POST this tenant sends: the received chain (if any) plus this tenant's entry. */
export function outgoingVia(received: string | null | undefined, tenantId: string): string {
  const own = `1.1 ${viaName(tenantId)}`;
  const prior = storedChain(received);
  return prior ? `${prior.slice(0, MAX_CHAIN - own.length - 2)}, ${own}` : own;
}
