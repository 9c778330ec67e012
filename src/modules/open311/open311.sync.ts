/**
 * Open311 out: concerns in a category with an external endpoint are forwarded there, and their status is pulled back.
 *
 * - Planning (`planForward`): one transaction writes the link (state `pending`) and enqueues `open311.send` — the
 *   job exists if and only if the link does (outbox). Until the concerns module calls us when a concern is created
 *   (see open311.concerns.ts), the scheduled sweep `open311.dispatch` (every 2 minutes) plans every public concern
 *   of the last 7 days in such a category that has no link yet.
 * - `open311.send`: POST requests.json with service_code, jurisdiction_id, api_key (open311_client_keys), location,
 *   description and attribute[…] — no name, e-mail or phone (data minimisation: the external system gets what the
 *   public page shows). Success → `sent` with the external service_request_id or token; failure → `failed` with
 *   a code in last_error, and the job queue retries with backoff (5 attempts, 30 s · 2^n).
 * - `open311.pull` (every 5 minutes): resolves tokens, then GET requests.json?service_request_id=… per endpoint;
 *   stores status, status_notes and updated_datetime on the link and last_synced_at. Links closed remotely are no
 *   longer pulled.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { nowIso } from '../../platform/db/dialect';
import { enqueue, JobError, registerJobHandler, registerSchedule, safeErrorCode } from '../../platform/jobs';
import { getServiceRequests, getTokenRequestId, postServiceRequest } from './open311.client';
import { activeCategories, concernByNumber, recentInCategory, type Category } from './open311.concerns';
import { findClientKey, findLink, findLinks, insertLink, linkedConcernIds, linksToPull, updateLink, type O311Db } from './open311.queries';
import type { LinkState, LinkTable } from './open311.tables';

type AnyDb = TenantDb<any> | Kysely<any>;
const o = (db: AnyDb) => db as unknown as O311Db;

export const SEND_KIND = 'open311.send';
export const PULL_KIND = 'open311.pull';
export const DISPATCH_KIND = 'open311.dispatch';
const SWEEP_DAYS = 7;
const PULL_CHUNK = 50;

/** What the concerns staff page shows per concern. */
export interface Open311Sync {
  endpoint: string;
  serviceCode: string;
  state: LinkState;
  externalId: string | null;
  token: string | null;
  externalStatus: 'open' | 'closed' | null;
  externalStatusNotes: string | null;
  externalUpdatedAt: string | null;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  lastSyncedAt: string | null;
}

function toSync(l: LinkTable): Open311Sync {
  return {
    endpoint: l.endpoint,
    serviceCode: l.service_code,
    state: l.state,
    externalId: l.external_id,
    token: l.token,
    externalStatus: l.external_status,
    externalStatusNotes: l.external_status_notes,
    externalUpdatedAt: l.external_updated_at,
    attempts: Number(l.attempts),
    lastError: l.last_error,
    sentAt: l.sent_at,
    lastSyncedAt: l.last_synced_at,
  };
}

/** The sync state of one concern (null: never forwarded). */
export async function getOpen311Sync(db: AnyDb, concernId: string): Promise<Open311Sync | null> {
  const l = await findLink(o(db), concernId);
  return l ? toSync(l) : null;
}

/** Sync states of several concerns (for lists), by concern id. */
export async function listOpen311Sync(db: AnyDb, concernIds: string[]): Promise<Map<string, Open311Sync>> {
  return new Map((await findLinks(o(db), concernIds)).map((l) => [l.concern_id, toSync(l)]));
}

export function forwards(c: Category): boolean {
  return !!c.open311.endpoint && !!c.open311.serviceCode && c.active !== false;
}

/**
 * Plans forwarding of a concern (link + job in one transaction). Pass a transaction to make it part of the
 * caller's write. Returns false when the concern was planned before or its category does not forward.
 */
export async function planForward(db: AnyDb, concern: { id: string; number: string; categoryId: string }, category: Category): Promise<boolean> {
  if (!forwards(category) || category.id !== concern.categoryId) return false;
  const run = async (trx: O311Db) => {
    const created = await insertLink(trx, {
      concernId: concern.id,
      concernNumber: concern.number,
      categoryId: category.id,
      endpoint: category.open311.endpoint!.replace(/\/+$/, ''),
      serviceCode: category.open311.serviceCode!,
      jurisdictionId: category.open311.jurisdictionId ?? null,
    });
    if (created) await enqueue(trx as unknown as Kysely<any>, SEND_KIND, { concernId: concern.id }, { uniqueKey: `send:${concern.id}` });
    return created;
  };
  const k = db as unknown as Kysely<any>;
  return k.isTransaction ? run(o(db)) : k.transaction().execute((trx) => run(trx as unknown as O311Db));
}

/** The sweep: plans every recent public concern in a forwarding category that has no link yet. */
export async function dispatchNew(db: AnyDb, now = new Date()): Promise<number> {
  const since = now.getTime() - SWEEP_DAYS * 86_400_000;
  let planned = 0;
  for (const cat of (await activeCategories(db)).filter(forwards)) {
    const recent = (await recentInCategory(db, cat.id, 200)).filter((c) => new Date(c.createdAt).getTime() >= since);
    const linked = await linkedConcernIds(o(db), recent.map((c) => c.id));
    for (const c of recent) if (!linked.has(c.id) && (await planForward(db, c, cat))) planned++;
  }
  return planned;
}

function answerParams(params: URLSearchParams, answers: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(answers)) {
    if (Array.isArray(v)) for (const x of v) params.append(`attribute[${k}][]`, String(x));
    else if (v !== null && v !== undefined) params.append(`attribute[${k}]`, typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v));
  }
}

/** Job `open311.send`: POSTs one concern. Throws on failure (the queue retries). */
export async function sendOne(db: AnyDb, concernId: string, signal?: AbortSignal): Promise<void> {
  const link = await findLink(o(db), concernId);
  if (!link) throw new JobError('no_link', { permanent: true });
  if (link.state === 'sent' && (link.external_id || link.token)) return;
  try {
    const concern = await concernByNumber(db, link.concern_number);
    if (!concern) throw new JobError('concern_missing', { permanent: true });
    const apiKey = await findClientKey(o(db), link.endpoint);
    if (!apiKey) throw new JobError('no_api_key');
    const params = new URLSearchParams();
    params.set('api_key', apiKey);
    if (link.jurisdiction_id) params.set('jurisdiction_id', link.jurisdiction_id);
    params.set('service_code', link.service_code);
    const address = [concern.address, concern.districtName].filter(Boolean).join(', ');
    if (concern.lat !== null && concern.lon !== null) {
      params.set('lat', String(concern.lat));
      params.set('long', String(concern.lon));
    }
    if (address) params.set('address_string', address);
    if (!params.has('lat') && !address) throw new JobError('no_location', { permanent: true });
    params.set('description', `${concern.description}\n\n(Quartier ${concern.number})`.slice(0, 4000));
    answerParams(params, concern.answers as Record<string, unknown>);
    const r = await postServiceRequest(link.endpoint, params, signal);
    const now = nowIso();
    await updateLink(o(db), concernId, {
      state: 'sent',
      external_id: r.serviceRequestId,
      token: r.serviceRequestId ? null : r.token,
      external_status: 'open',
      attempts: Number(link.attempts) + 1,
      last_error: null,
      sent_at: now,
      last_synced_at: now,
    });
  } catch (err) {
    await updateLink(o(db), concernId, { state: 'failed', attempts: Number(link.attempts) + 1, last_error: safeErrorCode(err) });
    throw err;
  }
}

/** Job `open311.pull`: pulls status back for every sent link, per endpoint. Returns how many links were updated. */
export async function pullAll(db: AnyDb, log?: Logger, signal?: AbortSignal): Promise<number> {
  const links = await linksToPull(o(db));
  const groups = new Map<string, LinkTable[]>();
  for (const l of links) {
    const key = `${l.endpoint}\u0000${l.jurisdiction_id ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  let updated = 0;
  for (const group of groups.values()) {
    const { endpoint, jurisdiction_id: jurisdiction } = group[0]!;
    try {
      for (const l of group.filter((x) => !x.external_id && x.token)) {
        const id = await getTokenRequestId(endpoint, l.token!, jurisdiction, signal);
        if (id) {
          l.external_id = id;
          await updateLink(o(db), l.concern_id, { external_id: id });
        }
      }
      const withId = group.filter((x) => x.external_id);
      for (let i = 0; i < withId.length; i += PULL_CHUNK) {
        const chunk = withId.slice(i, i + PULL_CHUNK);
        const remote = new Map((await getServiceRequests(endpoint, chunk.map((x) => x.external_id!), jurisdiction, signal)).map((r) => [r.serviceRequestId, r]));
        const now = nowIso();
        for (const l of chunk) {
          const r = remote.get(l.external_id!);
          await updateLink(o(db), l.concern_id, {
            state: 'sent',
            last_error: r ? null : 'not_found_remote',
            last_synced_at: now,
            ...(r ? { external_status: r.status, external_status_notes: r.statusNotes, external_updated_at: r.updatedAt } : {}),
          });
          if (r) updated++;
        }
      }
    } catch (err) {
      const code = safeErrorCode(err);
      log?.warn({ error: code }, 'open311 pull failed for an endpoint');
      for (const l of group) await updateLink(o(db), l.concern_id, { state: 'failed', last_error: code });
    }
  }
  return updated;
}

let registered = false;

/** Registers the three job kinds and their schedules (once per process). */
export function registerOpen311Jobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler<{ concernId: string }>(SEND_KIND, async ({ db, payload, signal }) => sendOne(db, payload.concernId, signal), { timeoutSeconds: 60 });
  registerJobHandler(PULL_KIND, async ({ db, log, signal }) => {
    const n = await pullAll(db, log, signal);
    if (n) log.info({ updated: n }, 'open311 status pulled');
  }, { timeoutSeconds: 300 });
  registerJobHandler(DISPATCH_KIND, async ({ db, log }) => {
    const n = await dispatchNew(db);
    if (n) log.info({ planned: n }, 'open311 forwarding planned');
  });
  registerSchedule(PULL_KIND, { everyMinutes: 5 });
  registerSchedule(DISPATCH_KIND, { everyMinutes: 2 });
}
