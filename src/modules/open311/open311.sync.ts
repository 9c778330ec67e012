/**
 * Open311 out: concerns in a category with an external endpoint are forwarded there, and their status is pulled back.
 *
 * - Planning (`planForward`) is a true outbox: the concerns module calls our hook (`onConcernCreated`, registered
 *   by `registerOpen311Hooks` when the module is imported) inside the transaction that creates the concern, and the
 *   hook writes the link (state `pending`) and enqueues `open311.send` with that transaction — concern, link and
 *   job commit together or not at all, for every intake path (public form, staff entry, API, Open311 POST).
 *   The former sweep `open311.dispatch` is gone: nothing can be created without passing the hook. (Concerns
 *   created before this version were planned by the sweep while it ran; migration
 *   2026_11_25_1910_open311_drop_dispatch removes its leftover queued jobs.) A category that gets an endpoint
 *   later forwards concerns created from then on; concerns moved into it by an edit are not forwarded.
 * - `open311.send`: POST requests.json with service_code, jurisdiction_id, api_key (open311_client_keys), location,
 *   description and attribute[…] — no name, e-mail or phone (data minimisation: the external system gets what the
 *   public page shows). Success → `sent` with the external service_request_id or token, and the concern goes to
 *   `forwarded` where the workflow allows it (concerns' markForwarded: timeline "forwarded to <host>", system actor
 *   `open311:<host>`); failure → `failed` with a code in last_error, and the job queue retries with backoff
 *   (5 attempts, 30 s · 2^n).
 * - `open311.pull` (every 5 minutes): resolves tokens, then GET requests.json?service_request_id=… per endpoint;
 *   stores status, status_notes and updated_datetime on the link and last_synced_at. When the external status or
 *   notes changed, concerns' recordExternalStatus writes it back: a public timeline entry, and "closed" moves the
 *   concern to resolved where the workflow allows it (subscribers are e-mailed). Links closed remotely are no
 *   longer pulled.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { tenantIdOf, type TenantDb } from '../../platform/db/tenant-scope';
import { jobLinkBase } from '../../platform/auth/links';
import { nowIso } from '../../platform/db/dialect';
import { enqueue, JobError, registerJobHandler, registerSchedule, safeErrorCode } from '../../platform/jobs';
import { getServiceRequests, getTokenRequestId, postServiceRequest } from './open311.client';
import { concernByNumber, externalStatus, forwarded, onCreated, type Category } from './open311.concerns';
import { findClientKey, findLink, findLinks, insertLink, linksToPull, receivedVia, updateLink, type O311Db } from './open311.queries';
import { outgoingVia } from './open311.via';
import type { LinkState, LinkTable } from './open311.tables';

type AnyDb = TenantDb<any> | Kysely<any>;
const o = (db: AnyDb) => db as unknown as O311Db;

export const SEND_KIND = 'open311.send';
export const PULL_KIND = 'open311.pull';
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

/** The concerns hook: plans forwarding inside the transaction that creates the concern. */
async function planOnCreate(trx: Kysely<any>, concern: { id: string; number: string; categoryId: string }, category: Category): Promise<void> {
  await planForward(trx, concern, category);
}

let hooked = false;

/** Registers the concern-created hook (once per process; done when the module is imported). */
export function registerOpen311Hooks(): void {
  if (hooked) return;
  hooked = true;
  onCreated(planOnCreate);
}

export { jobLinkBase };

function answerParams(params: URLSearchParams, answers: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(answers)) {
    if (Array.isArray(v)) for (const x of v) params.append(`attribute[${k}][]`, String(x));
    else if (v !== null && v !== undefined) params.append(`attribute[${k}]`, typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v));
  }
}

export interface SyncOptions {
  /** Origin for the links in e-mails to subscribers (see jobLinkBase); without it no e-mail is queued. */
  linkBase?: string | null;
}

/** Job `open311.send`: POSTs one concern. Throws on failure (the queue retries). */
export async function sendOne(db: AnyDb, concernId: string, signal?: AbortSignal, opts: SyncOptions = {}): Promise<void> {
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
    const via = outgoingVia(await receivedVia(o(db), concernId), tenantIdOf(db as Kysely<any>));
    const r = await postServiceRequest(link.endpoint, params, signal, via);
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
  // Sent: the concern shows it. A failure here must not resend (the link is `sent`); it stays visible on the link.
  try {
    const sent = (await findLink(o(db), concernId))!;
    await forwarded(db, concernId, { endpoint: sent.endpoint, externalId: sent.external_id ?? sent.token, linkBase: opts.linkBase ?? null });
  } catch (err) {
    await updateLink(o(db), concernId, { last_error: `mark_forwarded_${safeErrorCode(err)}`.slice(0, 200) });
  }
}

/** Job `open311.pull`: pulls status back for every sent link, per endpoint. Returns how many links were updated. */
export async function pullAll(db: AnyDb, log?: Logger, signal?: AbortSignal, opts: SyncOptions = {}): Promise<number> {
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
          if (r && (r.status !== l.external_status || (r.statusNotes ?? null) !== (l.external_status_notes ?? null))) {
            // Written back to the concern first: if that fails, the link keeps its old state and the next pull retries.
            try {
              await externalStatus(db, l.concern_id, { status: r.status, notes: r.statusNotes, at: r.updatedAt, source: endpoint, linkBase: opts.linkBase ?? null });
            } catch (err) {
              const code = `write_back_${safeErrorCode(err)}`.slice(0, 200);
              log?.warn({ error: code }, 'open311 status could not be written back to the concern');
              await updateLink(o(db), l.concern_id, { last_error: code, last_synced_at: now });
              continue;
            }
          }
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

/** Registers the two job kinds and the pull schedule (once per process). */
export function registerOpen311Jobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler<{ concernId: string }>(SEND_KIND, async ({ db, tenantId, config, payload, signal }) => sendOne(db, payload.concernId, signal, { linkBase: await jobLinkBase(db as Kysely<any>, tenantId, config) }), {
    timeoutSeconds: 60,
  });
  registerJobHandler(PULL_KIND, async ({ db, tenantId, config, log, signal }) => {
    const n = await pullAll(db, log, signal, { linkBase: await jobLinkBase(db as Kysely<any>, tenantId, config) });
    if (n) log.info({ updated: n }, 'open311 status pulled');
  }, { timeoutSeconds: 300 });
  registerSchedule(PULL_KIND, { everyMinutes: 5 });
}
