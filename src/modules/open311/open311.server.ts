/**
 * Open311 GeoReport v2 server under /open311/v2/ (the tenant comes from the host, as everywhere).
 *
 *   GET  discovery.{json,xml}           service discovery
 *   GET  services.{json,xml}            the tenant's active categories
 *   GET  services/{code}.{json,xml}     service definition: attributes from the category's extra questions
 *   GET  requests.{json,xml}            public concerns; service_request_id, service_code, start_date, end_date,
 *                                       status; default window 90 days, at most 1000; extension page/page_size
 *   POST requests.{json,xml}            form-encoded; api_key (a Quartier API token) and a location required
 *   GET  requests/{id}.{json,xml}       one request (id = public number)
 *   GET  tokens/{token}.{json,xml}      service_request_id of a submission token
 *
 * Errors are the spec's, not problem+json: `[{code, description}]` / `<errors><error>…`, HTTP 400/403/404.
 * These routes carry no browser credentials: the session middleware does not load a session for /open311/ and
 * the CSRF check skips it (see platform/auth/session.ts); POST is authenticated by api_key only.
 */
import { Hono, type Context } from 'hono';
import { AppError } from '../../platform/errors';
import { findUsableApiToken, touchApiToken } from '../../platform/auth/api-tokens.queries';
import { loadCurrentUser } from '../../platform/auth/current-user';
import type { AuthDb } from '../../platform/auth/users.queries';
import type { AppEnv } from '../../platform/http/context';
import { bindTenant, findTenantByName, isTenantHost } from '../../platform/http/middleware';
import { translator, type Locale } from '../../platform/i18n';
import { newToken } from '../../platform/ids';
import { nowIso } from '../../platform/db/dialect';
import { consumeRateLimit, subjectHash } from '../../platform/http/rate-limit';
import {
  activeCategories,
  allCategories,
  createConcern,
  listRequests,
  open311Status,
  publicRequest,
  revision,
  type Category,
  type ConcernEvent,
  type PublicConcern,
} from './open311.concerns';
import { answerKey, cachedAnswer, categoriesAt, storeAnswer } from './open311.cache';
import { Open311Error, parseW3cDateTime, render, renderError, splitFormat, type Format, type O311Value } from './open311.format';
import { checkAttributes, serviceNotice, toService, toServiceDefinition, toServiceRequest } from './open311.mapping';
import { findSubmission, insertSubmission, type O311Db } from './open311.queries';
import { loopProblem, storedChain } from './open311.via';

type C = Context<AppEnv>;
type Lang = 'de' | 'en' | 'ar';

export const BASE = '/open311/v2';
export const DEFAULT_DAYS = 90;
export const MAX_RECORDS = 1000;
/** New requests per api_key (a city system may send bursts; a leaked key cannot flood the inbox). */
export const SUBMIT_LIMIT = { bucket: 'open311.submit', max: 300, windowSeconds: 600 };
const CHANGESET = '2026-11-25T00:00:00+01:00';

function langOf(c: C): Lang {
  const l = c.var.locale;
  return l === 'en' || l === 'ar' ? l : 'de';
}

/**
 * Open311 data is public and the API uses no cookies, so any web app may read it (CORS `*`, never with
 * credentials). A form-encoded POST is a "simple" request: no preflight needed.
 */
/**
 * `Vary: Accept-Encoding` is set here, as the compress middleware would: when it has to add it itself after the
 * handler, Hono rebuilds the finished Response from its body stream, and @hono/node-server can no longer write the
 * string body in one piece — a list of 1,000 records then went through a ReadableStream and TextEncoder (ADR 0027).
 */
const HEADERS = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*', Vary: 'Accept-Encoding' };

function send(c: C, format: Format, status: number, root: string, value: O311Value): Response {
  const r = render(format, root, value);
  return c.body(r.body, status as 200, { ...HEADERS, 'Content-Type': r.contentType });
}

function fail(c: C, format: Format, e: Open311Error): Response {
  const r = renderError(format, e);
  return c.body(r.body, e.status, { ...HEADERS, 'Content-Type': r.contentType });
}

function toOpen311Error(c: C, err: unknown): Open311Error {
  if (err instanceof Open311Error) return err;
  if (err instanceof AppError) {
    if (err.status === 422 && err.details.fields?.length) {
      const t = translator('en' as Locale);
      return new Open311Error(
        400,
        err.details.fields.map((f) => ({ code: 400, description: `${fieldName(f.field)}: ${t(f.key, f.params)}` })),
      );
    }
    if (err.status === 403 || err.status === 401) return Open311Error.of(403, err.message);
    if (err.status === 404) return Open311Error.of(404, err.message);
    if (err.status === 429) return Open311Error.of(429, err.message);
    return Open311Error.of(400, err.message);
  }
  c.var.log?.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'open311 request failed');
  return Open311Error.of(400, 'General service error: the request could not be processed. Please tell us the time of the request.');
}

/** Names of the concerns module's fields in the words of the spec. */
function fieldName(field: string): string {
  if (field.startsWith('q_')) return `attribute[${field.slice(2)}]`;
  return (
    { categoryId: 'service_code', lat: 'lat/long', lon: 'lat/long', address: 'address_string', districtNumber: 'address_id', name: 'first_name/last_name' } as Record<string, string>
  )[field] ?? field;
}

type Handler = (c: C, format: Format) => Promise<Response>;

/** A route for a fixed format. */
function fixed(format: Format, h: Handler) {
  return async (c: C) => {
    try {
      return await h(c, format);
    } catch (err) {
      return fail(c, format, toOpen311Error(c, err));
    }
  };
}

/** A route whose last segment is "{id}.{format}". */
function withId(param: string, h: (c: C, format: Format, id: string) => Promise<Response>) {
  return async (c: C) => {
    const parsed = splitFormat(c.req.param(param) ?? '');
    if (!parsed) return fail(c, 'xml', Open311Error.of(404, 'Unknown resource: use .json or .xml.'));
    try {
      return await h(c, parsed.format, parsed.id);
    } catch (err) {
      return fail(c, parsed.format, toOpen311Error(c, err));
    }
  };
}

/** jurisdiction_id is optional (one jurisdiction per host); when given it must name this tenant (slug or one of its hosts). */
/**
 * jurisdiction_id: the tenant's slug (`essen`) or one of its host names (with or without scheme or www.).
 * - On a host mapped to a tenant it must name that tenant (else 404).
 * - On a shared host (not mapped; answered by DEFAULT_TENANT) it selects the tenant: the request is bound to it
 *   before anything tenant-specific runs (categories, api_key). Safe on these credential-free paths: an api_key
 *   is a token of one tenant's account and is only found in that tenant.
 */
async function checkJurisdiction(c: C, value: string | undefined | null): Promise<void> {
  const j = value?.trim().toLowerCase();
  if (!j) return;
  const bare = j.replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/:\d+$/, '').replace(/^www\./, '');
  const root = c.var.deps.rootDb;
  const named = await findTenantByName(root, bare);
  if (named?.id === c.var.tenant.id) return;
  const host = (c.req.header('host') ?? '').toLowerCase().replace(/:\d+$/, '');
  if (named && !(await isTenantHost(root, host))) {
    bindTenant(c, named, root);
    return;
  }
  throw Open311Error.of(404, `jurisdiction_id ${value} was not found`);
}

function origin(c: C): string {
  const url = new URL(c.req.url);
  const trust = c.var.deps.config.TRUST_PROXY;
  const proto = (trust && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()) || url.protocol.replace(':', '');
  const host = c.req.header('host') ?? url.host;
  return `${proto}://${host}`;
}

function notesFromEvents(c: PublicConcern, events: ConcernEvent[]): string | null {
  if (c.statusReason) return c.statusReason;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.visibility === 'public' && e.toStatus === c.status && e.text) return e.text;
  }
  return null;
}

function intParam(v: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (v === undefined || v.trim() === '') return fallback;
  if (!/^\d+$/.test(v.trim())) throw Open311Error.of(400, `${name} must be a whole number from ${min} to ${max}`);
  const n = Number(v);
  if (n < min || n > max) throw Open311Error.of(400, `${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/* ------------------------------------------------------------------------------------------------ handlers */

const discovery: Handler = async (c, format) => {
  await checkJurisdiction(c, c.req.query('jurisdiction_id'));
  const tenant = c.var.tenant;
  const base = origin(c);
  return send(c, format, 200, 'discovery', {
    changeset: CHANGESET,
    contact: `${tenant.name} – Quartier: ${base}/`,
    key_service: `api_key: an API token of a Quartier account of ${tenant.name} (Account → API tokens); ask the neighbourhood management for an account for your application.`,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${base}${BASE}`,
        changeset: CHANGESET,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  });
};

const services: Handler = async (c, format) => {
  await checkJurisdiction(c, c.req.query('jurisdiction_id'));
  const lang = langOf(c);
  return send(c, format, 200, 'services', (await activeCategories(c.var.db)).map((x) => toService(x, lang)));
};

async function serviceByCode(c: C, code: string): Promise<Category> {
  const cat = (await activeCategories(c.var.db)).find((x) => x.key === code);
  if (!cat) throw Open311Error.of(404, `service_code ${code} was not found`);
  return cat;
}

const getServiceDefinition = async (c: C, format: Format, code: string): Promise<Response> => {
  await checkJurisdiction(c, c.req.query('jurisdiction_id'));
  return send(c, format, 200, 'service_definition', toServiceDefinition(await serviceByCode(c, code), langOf(c)));
};

/**
 * GET requests. The tenant's revision of its public concern data is read first (one row); the category catalogue
 * comes from the per-process memo of that revision, and a list whose window is fixed by the query is answered from
 * the memo of rendered answers when the same query was answered at the same revision (open311.cache.ts, ADR 0034).
 */
const getRequests: Handler = async (c, format) => {
  const q = (k: string) => c.req.query(k);
  await checkJurisdiction(c, q('jurisdiction_id'));
  const lang = langOf(c);
  const tenantId = c.var.tenant.id;
  const rev = await revision(c.var.db);
  const { list: cats, byId } = await categoriesAt(tenantId, rev.catRev, () => allCategories(c.var.db));
  const pageSize = intParam(q('page_size'), 'page_size', 1, MAX_RECORDS, MAX_RECORDS);
  const page = intParam(q('page'), 'page', 1, 1_000_000, 1);

  const ids = list(q('service_request_id'));
  if (ids.length) {
    // "This overrides all other arguments."
    if (ids.length > MAX_RECORDS) throw Open311Error.of(400, `at most ${MAX_RECORDS} service_request_id values`);
    const out: O311Value[] = [];
    for (const id of ids.slice((page - 1) * pageSize, page * pageSize)) {
      const r = await publicRequest(c.var.db, id, origin(c));
      if (!r) continue;
      out.push(toServiceRequest(r.concern, byId.get(r.concern.categoryId), open311Status(r.concern.status) === 'open', lang, { statusNotes: notesFromEvents(r.concern, r.events) }));
    }
    return send(c, format, 200, 'service_requests', out);
  }

  const statuses = list(q('status')).map((s) => s.toLowerCase());
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw Open311Error.of(400, 'status must be open or closed (comma separated)');
  const status = statuses.includes('open') && statuses.includes('closed') ? undefined : (statuses[0] as 'open' | 'closed' | undefined);

  const codes = list(q('service_code'));
  let categoryIds: string[] | undefined;
  if (codes.length) categoryIds = cats.filter((x) => codes.includes(x.key)).map((x) => x.id);

  const startRaw = q('start_date');
  const endRaw = q('end_date');
  const start = startRaw ? parseW3cDateTime(startRaw) : null;
  const end = endRaw ? parseW3cDateTime(endRaw) : null;
  if (startRaw && !start) throw Open311Error.of(400, 'start_date must be a w3c date-time with a time zone, e.g. 2026-01-01T00:00:00Z');
  if (endRaw && !end) throw Open311Error.of(400, 'end_date must be a w3c date-time with a time zone, e.g. 2026-01-31T23:59:59+01:00');
  const span = DEFAULT_DAYS * 86_400_000;
  const now = Date.now();
  const to = end ?? new Date(start ? Math.min(start.getTime() + span, now) : now);
  const from = start ?? new Date(to.getTime() - span);
  if (from.getTime() > to.getTime()) throw Open311Error.of(400, 'start_date must not be after end_date');
  if (to.getTime() - from.getTime() > span) throw Open311Error.of(400, `start_date and end_date may not span more than ${DEFAULT_DAYS} days`);

  const linkBase = origin(c);
  // An open end ("now") never repeats: only windows fixed by the query are kept.
  const fixedWindow = end !== null || (start !== null && start.getTime() + span < now);
  const key = fixedWindow ? answerKey(tenantId, rev.rev, [format, lang, linkBase, categoryIds?.join(',') ?? '*', status ?? '*', from.getTime(), to.getTime(), pageSize, page]) : null;
  const hit = key ? cachedAnswer(tenantId, rev.rev, key) : undefined;
  if (hit) return c.body(hit.body, 200, { ...HEADERS, 'Content-Type': hit.contentType });

  const items = await listRequests(c.var.db, { categoryIds, status, createdFrom: from, createdTo: to, limit: pageSize, offset: (page - 1) * pageSize, linkBase });
  // Per-category texts are the same for every row of the page: translate them once.
  const notices = new Map<string, string>();
  const value = items.map((x) => toServiceRequest(x, byId.get(x.categoryId), open311Status(x.status) === 'open', lang, {}, notices));
  if (!key) return send(c, format, 200, 'service_requests', value);
  const r = render(format, 'service_requests', value);
  const body = Buffer.from(r.body, 'utf8');
  storeAnswer(tenantId, rev.rev, key, { body, contentType: r.contentType });
  return c.body(body, 200, { ...HEADERS, 'Content-Type': r.contentType });
};

const getRequest = async (c: C, format: Format, id: string): Promise<Response> => {
  await checkJurisdiction(c, c.req.query('jurisdiction_id'));
  const r = await publicRequest(c.var.db, id, origin(c));
  if (!r) throw Open311Error.of(404, `service_request_id ${id} was not found`);
  const cat = (await allCategories(c.var.db)).find((x) => x.id === r.concern.categoryId);
  return send(c, format, 200, 'service_requests', [
    toServiceRequest(r.concern, cat, open311Status(r.concern.status) === 'open', langOf(c), { statusNotes: notesFromEvents(r.concern, r.events) }),
  ]);
};

const getToken = async (c: C, format: Format, token: string): Promise<Response> => {
  await checkJurisdiction(c, c.req.query('jurisdiction_id'));
  const s = await findSubmission(c.var.db as unknown as O311Db, token);
  if (!s) throw Open311Error.of(404, `token ${token} was not found`);
  return send(c, format, 200, 'service_requests', [{ service_request_id: s.concern_number, token: s.token }]);
};

function first(v: string | File | (string | File)[] | undefined): string | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : undefined;
}

function num(v: string | undefined, name: string, min: number, max: number): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v.trim());
  if (!Number.isFinite(n) || n < min || n > max) throw Open311Error.of(400, `${name} must be a number from ${min} to ${max} (WGS84)`);
  return n;
}

const postRequest: Handler = async (c, format) => {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw Open311Error.of(400, 'POST requests takes application/x-www-form-urlencoded; charset=utf-8');
  }
  const body = await c.req.parseBody({ all: true });
  const field = (k: string) => first(body[k])?.trim() || undefined;
  await checkJurisdiction(c, field('jurisdiction_id') ?? c.req.query('jurisdiction_id'));
  const loop = loopProblem(c.req.header('via'), c.var.tenant.id);
  if (loop) throw Open311Error.of(400, loop);

  // api_key: an API token of an active account of this tenant (spec: 403 for a missing or invalid key).
  const apiKey = field('api_key') ?? c.req.query('api_key');
  if (!apiKey) throw Open311Error.of(403, 'api_key is missing -- cannot create a service request without an api_key');
  const authDb = c.var.db as unknown as AuthDb;
  const tokenRow = await findUsableApiToken(authDb, apiKey, nowIso());
  const user = tokenRow ? await loadCurrentUser(authDb, tokenRow.userId) : null;
  if (!tokenRow || !user) throw Open311Error.of(403, 'Invalid api_key received -- cannot create the service request');
  await touchApiToken(authDb, tokenRow.id);
  if (c.var.deps.config.RATE_LIMITS_ENABLED) {
    const r = await consumeRateLimit(c.var.db, SUBMIT_LIMIT, await subjectHash(c.var.db, c.var.tenant.id, `api-token:${tokenRow.id}`));
    if (!r.allowed) {
      c.header('Retry-After', String(r.retryAfterSeconds));
      throw Open311Error.of(429, `Too many service requests with this api_key: try again in ${r.retryAfterSeconds} seconds`);
    }
  }

  const code = field('service_code');
  if (!code) throw Open311Error.of(400, 'service_code was not provided');
  const category = await serviceByCode(c, code);

  const lat = num(field('lat'), 'lat', -90, 90);
  const lon = num(field('long'), 'long', -180, 180);
  const address = field('address_string');
  const addressId = field('address_id');
  const errs: { code: number; description: string }[] = [];
  if ((lat === null) !== (lon === null)) errs.push({ code: 400, description: 'lat and long must both be sent' });
  let districtNumber: number | null = null;
  if (addressId !== undefined) {
    if (!/^\d{1,3}$/.test(addressId)) errs.push({ code: 400, description: 'address_id must be the number of a Stadtteil (district)' });
    else districtNumber = Number(addressId);
  }
  if (lat === null && lon === null && !address && addressId === undefined) {
    errs.push({ code: 400, description: 'A location is required: lat and long, or address_string, or address_id' });
  }
  const description = field('description');
  if (!description) errs.push({ code: 400, description: 'description is required' });
  else if (description.length > 4000) errs.push({ code: 400, description: 'description may have at most 4,000 characters' });
  const raw: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (!m) continue;
    raw[m[1]!] = [...(raw[m[1]!] ?? []), ...(Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')];
  }
  let answers: Record<string, unknown> = {};
  try {
    answers = checkAttributes(category, raw);
  } catch (e) {
    if (e instanceof Open311Error) errs.push(...e.errors.map((x) => ({ code: Number(x.code), description: x.description })));
    else throw e;
  }
  if (errs.length) throw new Open311Error(400, errs);

  const name = [field('first_name'), field('last_name')].filter(Boolean).join(' ') || null;
  const concern = await createConcern(
    { tenant: c.var.tenant, db: c.var.db, user, requestId: c.var.requestId, dialect: c.var.deps.dialect, mail: null },
    {
      categoryId: category.id,
      description: description!,
      answers,
      channel: 'open311',
      lat,
      lon,
      address: address ?? null,
      districtNumber,
      name,
      email: field('email') ?? null,
      phone: field('phone') ?? null,
      subscribe: false,
      locale: null,
    },
  );
  await insertSubmission(c.var.db as unknown as O311Db, { token: newToken(18), concernId: concern.id, concernNumber: concern.number, apiTokenId: tokenRow.id, via: storedChain(c.req.header('via')) });
  return send(c, format, 201, 'service_requests', [{ service_request_id: concern.number, service_notice: serviceNotice(category, langOf(c)), account_id: null }]);
};

export const server = new Hono<AppEnv>();
for (const format of ['json', 'xml'] as const) {
  server.get(`${BASE}/discovery.${format}`, fixed(format, discovery));
  server.get(`${BASE}/services.${format}`, fixed(format, services));
  server.get(`${BASE}/requests.${format}`, fixed(format, getRequests));
  server.post(`${BASE}/requests.${format}`, fixed(format, postRequest));
}
server.get(`${BASE}/services/:code`, withId('code', getServiceDefinition));
server.get(`${BASE}/requests/:id`, withId('id', getRequest));
server.get(`${BASE}/tokens/:token`, withId('token', getToken));
// Anything else under /open311/v2/ answers in the spec's error format (no policy entry needed: it serves nothing).
server.all(`${BASE}/*`, (c) => fail(c, /\.json$/i.test(c.req.path) ? 'json' : 'xml', Open311Error.of(404, 'Unknown Open311 resource')));

export const ROUTES = {
  [`GET ${BASE}/discovery.json`]: 'public',
  [`GET ${BASE}/discovery.xml`]: 'public',
  [`GET ${BASE}/services.json`]: 'public',
  [`GET ${BASE}/services.xml`]: 'public',
  [`GET ${BASE}/services/:code`]: 'public',
  [`GET ${BASE}/requests.json`]: 'public',
  [`GET ${BASE}/requests.xml`]: 'public',
  // Authenticated by api_key inside the handler (Open311 clients carry no session).
  [`POST ${BASE}/requests.json`]: 'public',
  [`POST ${BASE}/requests.xml`]: 'public',
  [`GET ${BASE}/requests/:id`]: 'public',
  [`GET ${BASE}/tokens/:token`]: 'public',
} as const;
