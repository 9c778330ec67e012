/**
 * The Open311 GeoReport v2 server, tested from the spec text (wiki.open311.org/GeoReport_v2 and
 * /Service_Discovery, plus the page/page_size extension) on SQLite and PostgreSQL: every method in JSON and XML,
 * field and element names, w3c date-times with offset, the default window (90 days) and volume (1000), filters,
 * paging, the error format (array of {code, description}; <errors><error>) with HTTP 400/403/404, attribute
 * validation, jurisdiction_id, tokens, privacy of the submitter's data, and the CSRF exemption (clients have no
 * cookie).
 *
 * Stand-ins (marked "stand-in"): the concerns module has no exported way to back-date a concern or to create 1000
 * of them quickly, so two tests write those rows directly.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { loadCurrentUser } from '../../platform/auth/current-user';
import type { AuthDb } from '../../platform/auth/users.queries';
import { createTestApp, type TestApp, type TestClient } from '../../../test/support/app';
import { apiClient, createUser, signedInClient } from '../../../test/support/auth';
import { listDistricts, seedTerritory } from '../territory';
import { listCategories, transitionConcern, updateCategory } from '../concerns';
import { findUsableApiToken } from '../../platform/auth/api-tokens.queries';
import { consumeRateLimit, subjectHash } from '../../platform/http/rate-limit';
import { SUBMIT_LIMIT } from './open311.server';

const KRAY = { lat: '51.4746', long: '7.0869' };
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

let t: TestApp;
let db: TenantDb<any>;
let client: TestClient;
let apiKey: string;
let otherKey: string;
let districtNumber: number;
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'attribute', 'value', 'endpoint', 'format', 'error'].includes(name) });

async function get(path: string, c = client): Promise<{ status: number; type: string; text: string; json: any; xml: any }> {
  const res = await c.request(path);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, text, json: type.includes('json') ? JSON.parse(text) : null, xml: type.includes('xml') ? xml.parse(text) : null };
}

async function post(path: string, fields: Record<string, string | string[]>, c = client) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await c.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, text, json: type.includes('json') ? JSON.parse(text) : null, xml: type.includes('xml') ? xml.parse(text) : null };
}

const base = { service_code: 'littering', description: 'Sperrmüll an der Krayer Straße', ...KRAY };

async function create(fields: Record<string, string | string[]> = {}): Promise<string> {
  const r = await post('/open311/v2/requests.json', { api_key: apiKey, ...base, ...fields });
  expect(r.status, r.text).toBe(201);
  return r.json[0].service_request_id as string;
}

function expectErrors(r: { status: number; json: any; xml: any; type: string }, status: number) {
  expect(r.status).toBe(status);
  if (r.type.includes('json')) {
    expect(Array.isArray(r.json)).toBe(true);
    expect(r.json.length).toBeGreaterThan(0);
    for (const e of r.json) {
      expect(Object.keys(e).sort()).toEqual(['code', 'description']);
      expect(typeof e.description).toBe('string');
    }
  } else {
    expect(r.type).toContain('text/xml');
    expect(r.xml.errors.error.length).toBeGreaterThan(0);
    for (const e of r.xml.errors.error) expect(Object.keys(e).sort()).toEqual(['code', 'description']);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  // The traffic category gets a required number question and an optional text question.
  const adminUser = await createUser(t, { role: 'admin', email: 'catalogue-admin@example.test' });
  const admin = (await loadCurrentUser(db as unknown as AuthDb, adminUser.id))!;
  const traffic = (await listCategories(db)).find((c) => c.key === 'traffic')!;
  await updateCategory({ tenant: { id: t.tenant.id, slug: 'essen', name: 'Essen', defaultLocale: 'de' }, db, user: admin, requestId: null, dialect: t.handle.dialect }, traffic.id, {
    labels: traffic.labels,
    department: traffic.department,
    handlingDays: traffic.handlingDays,
    active: traffic.active,
    open311: traffic.open311,
    questions: [
      { key: 'count', label: { de: 'Wie viele Schäden?', en: 'How many?', ar: null }, type: 'number', required: true },
      { key: 'where', label: { de: 'Wo genau?', en: 'Where exactly?', ar: null }, type: 'text', required: false },
    ],
  });
  apiKey = (await apiClient(t, 'viewer', { email: 'open311-app@example.test' })).token;
  otherKey = (await apiClient(t, 'viewer', { tenantId: t.other.id, email: 'open311-other@example.test' })).token;
  districtNumber = (await listDistricts(db)).find((d) => d.name === 'Kray')!.number;
  client = t.client('essen.test');
});
afterAll(async () => t?.close());

describe('service discovery', () => {
  it('discovery.json has every field of the spec and points at /open311/v2', async () => {
    const r = await get('/open311/v2/discovery.json');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json; charset=utf-8');
    expect(Object.keys(r.json).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
    const res = await client.request('/open311/v2/discovery.json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(r.json.endpoints).toHaveLength(1);
    expect(r.json.endpoints[0]).toEqual({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://essen.test/open311/v2',
      changeset: r.json.changeset,
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
  });

  it('discovery.xml is the same document as XML with a UTF-8 declaration', async () => {
    const r = await get('/open311/v2/discovery.xml');
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/xml; charset=utf-8');
    expect(r.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<discovery>')).toBe(true);
    expect(r.xml.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(r.xml.discovery.endpoints.endpoint[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
  });
});

describe('GET services', () => {
  it('lists the active categories with the spec’s fields (JSON)', async () => {
    const r = await get('/open311/v2/services.json?lang=en');
    expect(r.status).toBe(200);
    expect(r.json.map((s: any) => s.service_code)).toEqual(['littering', 'green_spaces', 'traffic', 'housing', 'safety', 'living_together', 'participation', 'other']);
    for (const s of r.json) expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    expect(r.json[0]).toMatchObject({ service_code: 'littering', service_name: 'Littering and illegal dumping', metadata: true, type: 'realtime', group: 'Entsorgungsbetriebe Essen' });
    expect(r.json.find((s: any) => s.service_code === 'housing').metadata).toBe(false);
  });

  it('XML: <services><service>…, names in the tenant’s language by default', async () => {
    const r = await get('/open311/v2/services.xml');
    expect(r.type).toBe('text/xml; charset=utf-8');
    expect(r.xml.services.service).toHaveLength(8);
    expect(r.xml.services.service[0]).toMatchObject({ service_code: 'littering', service_name: 'Vermüllung und wilde Müllkippen', metadata: 'true', type: 'realtime' });
  });

  it('jurisdiction_id: the tenant’s slug or host is accepted, another one is 404', async () => {
    expect((await get('/open311/v2/services.json?jurisdiction_id=essen')).status).toBe(200);
    expect((await get('/open311/v2/services.json?jurisdiction_id=essen.test')).status).toBe(200);
    expect((await get('/open311/v2/services.json?jurisdiction_id=')).status).toBe(200); // empty = not given
    const r = await get('/open311/v2/services.json?jurisdiction_id=other');
    expectErrors(r, 404);
    expect(r.json[0].description).toContain('jurisdiction_id');
    expectErrors(await get('/open311/v2/services.xml?jurisdiction_id=other.test'), 404);
  });

  const SHARED_HOST_DESCRIPTION = 'Anderstadt: über den geteilten Host gemeldet';
  it('on a shared host (mapped to no tenant) jurisdiction_id selects the tenant, for reading and for POST', async () => {
    const shared = t.client('open311.shared.test');
    // Without jurisdiction_id the shared host answers as DEFAULT_TENANT (essen).
    expect((await get('/open311/v2/discovery.json', shared)).json.contact).toContain('Essen');
    expect((await get('/open311/v2/discovery.json?jurisdiction_id=other', shared)).json.contact).toContain('Anderstadt');
    expect((await get('/open311/v2/discovery.json?jurisdiction_id=https://other.test/', shared)).json.contact).toContain('Anderstadt');
    expectErrors(await get('/open311/v2/services.json?jurisdiction_id=nowhere', shared), 404);
    // POST: the key must belong to the selected tenant; the request is created there, not in essen.
    const before = await db.selectFrom('concerns').select('id').execute();
    expectErrors(await post('/open311/v2/requests.json', { ...base, api_key: apiKey, jurisdiction_id: 'other' }, shared), 403);
    const r = await post('/open311/v2/requests.json', { ...base, description: SHARED_HOST_DESCRIPTION, api_key: otherKey, jurisdiction_id: 'other' }, shared);
    expect(r.status, r.text).toBe(201);
    const number = r.json[0].service_request_id as string;
    expect(await db.selectFrom('concerns').select('id').execute()).toHaveLength(before.length);
    const inOther = await forTenant(t.handle.db, t.other.id).selectFrom('concerns').select('channel').where('number', '=', number).executeTakeFirst();
    expect(inOther).toEqual({ channel: 'open311' });
    expect((await get(`/open311/v2/requests/${number}.json?jurisdiction_id=other`, shared)).json[0].service_request_id).toBe(number);
    // A host mapped to a tenant never switches: essen.test with jurisdiction_id=other stays 404.
    expectErrors(await get('/open311/v2/discovery.json?jurisdiction_id=other'), 404);
  });
});

describe('GET service definition', () => {
  it('attributes come from the extra questions (singlevaluelist with values)', async () => {
    const r = await get('/open311/v2/services/littering.json?lang=en');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['attributes', 'service_code']);
    expect(r.json.service_code).toBe('littering');
    const a = r.json.attributes[0];
    expect(Object.keys(a).sort()).toEqual(['code', 'datatype', 'datatype_description', 'description', 'order', 'required', 'values', 'variable']);
    expect(a).toMatchObject({ variable: true, code: 'amount', datatype: 'singlevaluelist', required: false, order: 1, description: 'Roughly how much is there?' });
    expect(a.values[0]).toEqual({ key: 'bag', name: 'A few bags' });
  });

  it('boolean → singlevaluelist true/false; number and text; order 1, 2, …', async () => {
    const g = await get('/open311/v2/services/green_spaces.json');
    expect(g.json.attributes[0]).toMatchObject({ datatype: 'singlevaluelist', values: [{ key: 'true', name: 'Ja' }, { key: 'false', name: 'Nein' }] });
    const tr = await get('/open311/v2/services/traffic.json');
    expect(tr.json.attributes.map((a: any) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['count', 'number', true, 1],
      ['where', 'text', false, 2],
    ]);
    expect(tr.json.attributes[0].values).toBeUndefined();
  });

  it('XML: <service_definition><attributes><attribute>…<values><value><key/><name/>', async () => {
    const r = await get('/open311/v2/services/littering.xml');
    expect(r.type).toBe('text/xml; charset=utf-8');
    const a = r.xml.service_definition.attributes.attribute[0];
    expect(a).toMatchObject({ variable: 'true', code: 'amount', datatype: 'singlevaluelist', required: 'false', order: '1' });
    expect(a.values.value.map((v: any) => v.key)).toEqual(['bag', 'bulky', 'hazardous']);
    // A service without questions has an empty attribute list.
    const h = await get('/open311/v2/services/housing.xml');
    expect(h.text).toContain('<attributes/>');
  });

  it('unknown service_code → 404 in the spec’s error format (JSON and XML); unknown format → 404', async () => {
    const j = await get('/open311/v2/services/nope.json');
    expectErrors(j, 404);
    expect(j.json[0].code).toBe(404);
    expectErrors(await get('/open311/v2/services/nope.xml'), 404);
    expect((await get('/open311/v2/services/littering.csv')).status).toBe(404);
  });
});

describe('POST requests', () => {
  it('creates a concern (realtime): service_request_id, service_notice, account_id — no token', async () => {
    const r = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      jurisdiction_id: 'essen',
      ...base,
      email: 'anwohnerin@example.test',
      first_name: 'Erika',
      last_name: 'Mustermann',
      phone: '0201 123456',
      device_id: 'dev-1',
      account_id: 'acc-1',
      'attribute[amount]': 'bulky',
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toHaveLength(1);
    expect(Object.keys(r.json[0]).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    expect(r.json[0].service_request_id).toMatch(/^\d{4}-\d{6}$/);
    expect(r.json[0].account_id).toBeNull();
    // The submitter's data is stored but never answered.
    const one = await get(`/open311/v2/requests/${r.json[0].service_request_id}.json`);
    expect(one.json[0]).toMatchObject({ service_code: 'littering', status: 'open', description: base.description, lat: 51.4746, long: 7.0869, address_id: String(districtNumber) });
    for (const secret of ['anwohnerin@example.test', 'Erika', 'Mustermann', '123456']) expect(one.text).not.toContain(secret);
  });

  it('XML answer; a location by address_id (Stadtteil number) or address_string', async () => {
    const r = await post('/open311/v2/requests.xml', { api_key: apiKey, service_code: 'housing', description: 'Schimmel im Treppenhaus', address_id: String(districtNumber) });
    expect(r.status, r.text).toBe(201);
    expect(r.type).toBe('text/xml; charset=utf-8');
    expect(r.xml.service_requests.request[0].service_request_id).toMatch(/^\d{4}-\d{6}$/);
    // A street through several Stadtteile needs the Stadtteil as address_id too.
    const ambiguous = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'housing', description: 'Aufzug defekt', address_string: 'Krayer Straße 10' });
    expectErrors(ambiguous, 400);
    expect(ambiguous.json[0].description).toContain('address_id');
    const s = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'housing', description: 'Aufzug defekt', address_string: 'Krayer Straße 10', address_id: String(districtNumber) });
    expect(s.status, s.text).toBe(201);
    const one = await get(`/open311/v2/requests/${s.json[0].service_request_id}.json`);
    expect(one.json[0].address).toBe('Krayer Straße 10, Kray');
  });

  it('works without a CSRF token or cookie — also when a browser session cookie is present', async () => {
    const browser = await signedInClient(t, 'viewer');
    const r = await post('/open311/v2/requests.json', { api_key: apiKey, ...base }, browser);
    expect(r.status, r.text).toBe(201);
    // …and sets no cookie.
    const res = await t.client().request('/open311/v2/services.json');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('api_key: missing or invalid → 403 (spec: "403 for errors because of wrong or missing api_key")', async () => {
    const missing = await post('/open311/v2/requests.json', base);
    expectErrors(missing, 403);
    expect(missing.json[0].description).toContain('api_key');
    expectErrors(await post('/open311/v2/requests.xml', base), 403);
    expectErrors(await post('/open311/v2/requests.json', { ...base, api_key: 'qt_not-a-token' }), 403);
    // A key of another tenant is no key here.
    expectErrors(await post('/open311/v2/requests.json', { ...base, api_key: otherKey }), 403);
  });

  it('400: no location, half a point, no service_code, no description; several errors in one answer', async () => {
    const noLoc = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'littering', description: 'x' });
    expectErrors(noLoc, 400);
    expect(noLoc.json[0].description).toMatch(/location/i);
    expectErrors(await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'littering', description: 'x', lat: '51.47' }), 400);
    expectErrors(await post('/open311/v2/requests.json', { api_key: apiKey, description: 'x', ...KRAY }), 400);
    const many = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'traffic' });
    expectErrors(many, 400);
    expect(many.json.length).toBeGreaterThanOrEqual(3); // location, description, attribute[count]
    expectErrors(await post('/open311/v2/requests.xml', { api_key: apiKey, service_code: 'littering', description: 'x' }), 400);
    // A point outside the tenant's territory.
    expectErrors(await post('/open311/v2/requests.json', { api_key: apiKey, ...base, lat: '48.1', long: '11.5' }), 400);
  });

  it('per api_key rate limit: 429 in the spec’s format with Retry-After, nothing stored', async () => {
    const key = (await apiClient(t, 'viewer', { email: 'busy-app@example.test' })).token;
    const row = (await findUsableApiToken(db as unknown as AuthDb, key))!;
    const subject = await subjectHash(db, t.tenant.id, `api-token:${row.id}`);
    for (let i = 0; i < SUBMIT_LIMIT.max; i++) await consumeRateLimit(db, SUBMIT_LIMIT, subject);
    const before = await db.selectFrom('concerns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await client.request('/open311/v2/requests.json', { method: 'POST', body: new URLSearchParams({ api_key: key, ...base }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(await res.text())[0]).toMatchObject({ code: 429 });
    const after = await db.selectFrom('concerns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Another key is not affected.
    expect((await post('/open311/v2/requests.json', { api_key: apiKey, ...base })).status).toBe(201);
  });

  it('unknown service_code → 404', async () => {
    expectErrors(await post('/open311/v2/requests.json', { api_key: apiKey, ...base, service_code: 'potholes' }), 404);
  });

  it('validates attribute[code] against the service definition', async () => {
    const trafficBase = { api_key: apiKey, service_code: 'traffic', description: 'Schlaglöcher', ...KRAY };
    const missing = await post('/open311/v2/requests.json', trafficBase);
    expectErrors(missing, 400);
    expect(missing.json.map((e: any) => e.description).join()).toContain('attribute[count]');
    expectErrors(await post('/open311/v2/requests.json', { ...trafficBase, 'attribute[count]': 'viele' }), 400);
    expectErrors(await post('/open311/v2/requests.json', { ...trafficBase, 'attribute[count]': '3', 'attribute[color]': 'rot' }), 400);
    expectErrors(await post('/open311/v2/requests.json', { ...trafficBase, 'attribute[count]': ['3', '4'] }), 400);
    expectErrors(await post('/open311/v2/requests.json', { ...base, api_key: apiKey, 'attribute[amount]': 'piano' }), 400);
    const ok = await post('/open311/v2/requests.json', { ...trafficBase, 'attribute[count]': '3', 'attribute[where]': 'vor Hausnummer 12' });
    expect(ok.status, ok.text).toBe(201);
    const g = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'green_spaces', description: 'Glas im Sand', ...KRAY, 'attribute[danger]': 'true' });
    expect(g.status, g.text).toBe(201);
  });

  it('refuses a JSON body (the spec sends application/x-www-form-urlencoded)', async () => {
    const res = await client.request('/open311/v2/requests.json', { method: 'POST', body: JSON.stringify({ api_key: apiKey, ...base }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(JSON.parse(await res.text())[0].code).toBe(400);
  });
});

describe('GET requests/{id} and tokens/{token}', () => {
  it('one request with every field of the spec (JSON) and as <service_requests><request> (XML)', async () => {
    const id = await create();
    const r = await get(`/open311/v2/requests/${id}.json`);
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(1);
    expect(Object.keys(r.json[0])).toEqual(REQUEST_FIELDS);
    const x = r.json[0];
    expect(x).toMatchObject({ service_request_id: id, status: 'open', service_code: 'littering', agency_responsible: null, zipcode: null, media_url: null });
    expect(x.requested_datetime).toMatch(W3C);
    expect(x.updated_datetime).toMatch(W3C);
    expect(x.expected_datetime).toMatch(W3C);
    expect(x.requested_datetime).toMatch(/\+0[12]:00$/); // Europe/Berlin offset
    expect(new Date(x.expected_datetime).getTime() - new Date(x.requested_datetime).getTime()).toBe(7 * 86_400_000);
    const xr = await get(`/open311/v2/requests/${id}.xml`);
    expect(xr.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>\n  <request>')).toBe(true);
    expect(Object.keys(xr.xml.service_requests.request[0])).toEqual(REQUEST_FIELDS);
    expect(xr.text).toContain('<zipcode/>');
  });

  it('unknown or other tenant’s request → 404', async () => {
    expectErrors(await get('/open311/v2/requests/1999-000001.json'), 404);
    expectErrors(await get('/open311/v2/requests/1999-000001.xml'), 404);
    const id = await create();
    expectErrors(await get(`/open311/v2/requests/${id}.json`, t.client('other.test')), 404);
  });

  it('status and status_notes follow the workflow (closed with the public reason)', async () => {
    const id = await create();
    const adminUser = await createUser(t, { role: 'admin' });
    const user = (await loadCurrentUser(db as unknown as AuthDb, adminUser.id))!;
    const ctx = { tenant: { id: t.tenant.id, slug: 'essen', name: 'Essen', defaultLocale: 'de' as const }, db, user, requestId: null, dialect: t.handle.dialect, mail: null };
    const concernId = (await db.selectFrom('concerns').select('id').where('number', '=', id).executeTakeFirstOrThrow()).id as string;
    await transitionConcern(ctx, concernId, { to: 'not_responsible', reason: 'Privatgrundstück: bitte an die Hausverwaltung wenden.' });
    const r = await get(`/open311/v2/requests/${id}.json`);
    expect(r.json[0]).toMatchObject({ status: 'closed', status_notes: 'Privatgrundstück: bitte an die Hausverwaltung wenden.' });
    const closed = await get(`/open311/v2/requests.json?status=closed&service_request_id=${id}`);
    expect(closed.json[0].status).toBe('closed');
    const list = await get('/open311/v2/requests.json?status=closed');
    expect(list.json.map((x: any) => x.service_request_id)).toContain(id);
    expect((await get('/open311/v2/requests.json?status=open')).json.map((x: any) => x.service_request_id)).not.toContain(id);
  });

  it('tokens/{token}: the service_request_id of a submission; unknown → 404', async () => {
    const id = await create();
    const row = await db.selectFrom('open311_submissions').select('token').where('concern_number', '=', id).executeTakeFirstOrThrow();
    const r = await get(`/open311/v2/tokens/${row.token}.json`);
    expect(r.json).toEqual([{ service_request_id: id, token: row.token }]);
    const x = await get(`/open311/v2/tokens/${row.token}.xml`);
    expect(x.xml.service_requests.request[0]).toEqual({ service_request_id: id, token: row.token });
    expectErrors(await get('/open311/v2/tokens/nope.json'), 404);
    expectErrors(await get('/open311/v2/tokens/nope.xml'), 404);
    expectErrors(await get(`/open311/v2/tokens/${row.token}.json`, t.client('other.test')), 404);
  });
});

describe('GET requests', () => {
  it('filters by service_request_id (comma list, overrides the other filters) and service_code', async () => {
    const a = await create();
    const b = await create({ service_code: 'housing' });
    const both = await get(`/open311/v2/requests.json?service_request_id=${a},${b},1999-000009&status=closed&service_code=safety`);
    expect(both.json.map((x: any) => x.service_request_id)).toEqual([a, b]);
    const housing = await get('/open311/v2/requests.json?service_code=housing');
    expect(housing.json.length).toBeGreaterThan(0);
    expect(new Set(housing.json.map((x: any) => x.service_code))).toEqual(new Set(['housing']));
    const two = await get('/open311/v2/requests.json?service_code=housing,littering');
    expect(new Set(two.json.map((x: any) => x.service_code))).toEqual(new Set(['housing', 'littering']));
    expect((await get('/open311/v2/requests.json?service_code=nothing')).json).toEqual([]);
    const x = await get('/open311/v2/requests.xml?service_code=housing');
    expect(x.xml.service_requests.request.length).toBe(housing.json.length);
  });

  it('newest first; page/page_size extension', async () => {
    const all = (await get('/open311/v2/requests.json')).json.map((x: any) => x.requested_datetime);
    expect([...all].sort().reverse()).toEqual(all);
    const p1 = await get('/open311/v2/requests.json?page_size=2');
    const p2 = await get('/open311/v2/requests.json?page_size=2&page=2');
    const full = await get('/open311/v2/requests.json?page_size=4');
    expect([...p1.json, ...p2.json].map((x: any) => x.service_request_id)).toEqual(full.json.map((x: any) => x.service_request_id));
    expectErrors(await get('/open311/v2/requests.json?page_size=1001'), 400);
    expectErrors(await get('/open311/v2/requests.json?page=0'), 400);
  });

  it('default window is the last 90 days; start_date/end_date (w3c, with offset) select older ones; at most 90 days', async () => {
    const old = await create({ description: 'alt' });
    const at = new Date(Date.now() - 120 * 86_400_000);
    // stand-in: back-date a concern (no exported way to create one in the past).
    await db.updateTable('concerns').set({ created_at: at.toISOString(), updated_at: at.toISOString() }).where('number', '=', old).execute();
    expect((await get('/open311/v2/requests.json')).json.map((x: any) => x.service_request_id)).not.toContain(old);
    const from = new Date(at.getTime() - 86_400_000).toISOString().replace('.000Z', 'Z');
    const to = new Date(at.getTime() + 86_400_000).toISOString().replace('.000Z', '+00:00');
    const hit = await get(`/open311/v2/requests.json?start_date=${encodeURIComponent(from)}&end_date=${encodeURIComponent(to)}`);
    expect(hit.json.map((x: any) => x.service_request_id)).toEqual([old]);
    // start_date alone: 90 days from there; an unescaped "+" (a space) in the offset is understood.
    const start = await get(`/open311/v2/requests.json?start_date=${from.replace('Z', '+00:00').replace('+', '%20')}`);
    expect(start.json.map((x: any) => x.service_request_id)).toContain(old);
    // end_date alone: the 90 days before it.
    const endOnly = await get(`/open311/v2/requests.json?end_date=${encodeURIComponent(to)}`);
    expect(endOnly.json.map((x: any) => x.service_request_id)).toEqual([old]);
    expectErrors(await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'), 400);
    expectErrors(await get('/open311/v2/requests.json?start_date=gestern'), 400);
    expectErrors(await get('/open311/v2/requests.json?start_date=2026-01-01T10:00:00'), 400); // no time zone
    expectErrors(await get('/open311/v2/requests.json?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z'), 400);
    expectErrors(await get('/open311/v2/requests.xml?status=pending'), 400);
  });

  it('at most 1000 records by default', async () => {
    // stand-in: 1005 copies of one concern row (the service would take minutes for that many).
    const id = await create({ description: 'Massentest' });
    const row = await db.selectFrom('concerns').selectAll().where('number', '=', id).executeTakeFirstOrThrow();
    const year = new Date().getUTCFullYear();
    for (let i = 0; i < 1005; i += 200) {
      const rows = Array.from({ length: Math.min(200, 1005 - i) }, (_, j) => {
        const { tenant_id: _t, ...rest } = row as Record<string, unknown>;
        return { ...rest, id: `con_bulk${String(i + j).padStart(8, '0')}`, number: `${year}-9${String(i + j).padStart(5, '0')}` };
      });
      await db.insertInto('concerns').values(rows as never).execute();
    }
    const r = await get('/open311/v2/requests.json');
    expect(r.json).toHaveLength(1000);
    const p2 = await get('/open311/v2/requests.json?page=2');
    expect(p2.json.length).toBeGreaterThan(5);
    expect(p2.json.length).toBeLessThan(1000);
  });

  it('never shows another tenant’s requests', async () => {
    // Only the one request created for "other" through the shared host (see jurisdiction_id above).
    const r = await get('/open311/v2/requests.json', t.client('other.test'));
    expect(r.json.map((x: { description: string }) => x.description)).toEqual(['Anderstadt: über den geteilten Host gemeldet']);
  });
});

describe('unknown resources', () => {
  it('anything else under /open311/v2/ answers 404 in the spec’s format', async () => {
    expectErrors(await get('/open311/v2/nothing.json'), 404);
    expectErrors(await get('/open311/v2/requests/a/b.xml'), 404);
  });
});
