/**
 * Tenant isolation: two fully seeded tenants on one database. Every page and API route of one tenant is fetched
 * (as an admin and anonymously); no response may contain an id or e-mail address of the other tenant's rows.
 * Routes called with the other tenant's ids answer 404, never its data.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../support/app';
import { apiClient, createUser, signedInClient } from '../support/auth';
import { seedTerritory, listAreas, listFundingPeriods, listTopics } from '../../src/modules/territory';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { makeConcern } from '../../src/modules/concerns/test/factories';
import { listCategories } from '../../src/modules/concerns';
import { makeGroup } from '../../src/modules/groups/test/factories';
import { dialogueFixture } from '../../src/modules/dialogues/test/factories';
import { networkFixture } from '../../src/modules/network/test/factories';
import { officesFixture } from '../../src/modules/offices/test/factories';
import { participationFixture } from '../../src/modules/participation/test/factories';
import { importIndicators } from '../../src/modules/reports';

let t: TestApp;
interface TenantIds {
  areaId: string;
  areaSlug: string;
  fundingId: string;
  topicId: string;
  userId: string;
  concernId: string;
  concernNumber: string;
  categoryId: string;
  /** A public group in Kray. */
  groupId: string;
  dialogueId: string;
  participantId: string;
  meetingId: string;
  taskId: string;
  /** Network: an organisation, a person and a contact in Kray, and an organisation type. */
  orgId: string;
  personId: string;
  contactId: string;
  orgTypeId: string;
  /** Offices: an office in Kray with a room, a booking and a published offer. */
  officeId: string;
  officeSlug: string;
  roomId: string;
  bookingId: string;
  offerId: string;
  /** Participation: a published proposal in Kray with a visible comment, and an open survey with a response. */
  proposalId: string;
  commentId: string;
  surveyId: string;
  /** Open311 service_request_id (a public number) that exists in this tenant only. */
  open311Id?: string;
}
const own: Partial<TenantIds> = {};
const foreign: Partial<TenantIds> = {};
let foreignIds = new Set<string>();
let foreignEmails: string[] = [];
let getRoutes: string[] = [];

async function tenantTables(): Promise<string[]> {
  if (t.handle.dialect === 'postgres') {
    const r = await sql<{ table_name: string }>`select table_name from information_schema.columns where column_name = 'tenant_id' and table_schema = current_schema()`.execute(t.handle.db);
    return r.rows.map((x) => x.table_name);
  }
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.handle.db);
  const out: string[] = [];
  for (const { name } of tables.rows) {
    const cols = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(t.handle.db);
    if (cols.rows.some((c) => c.name === 'tenant_id') && !name.startsWith('search_fts')) out.push(name);
  }
  return out;
}

async function idsOf(tenantId: string): Promise<TenantIds> {
  const db = forTenant(t.handle.db, tenantId);
  const areas = await listAreas(db);
  const kray = areas.find((a) => a.name === 'Kray')!;
  const user = await createUser(t, { role: 'viewer', tenantId, email: `person-${tenantId}@example.test` });
  const concern = await makeConcern(t, { tenantId, email: `resident-${tenantId}@example.test`, name: 'Resident', subscribe: true });
  return {
    areaId: kray.id,
    areaSlug: kray.slug,
    fundingId: (await listFundingPeriods(db))[0]!.id,
    topicId: (await listTopics(db))[0]!.id,
    userId: user.id,
    concernId: concern.id,
    concernNumber: concern.number,
    categoryId: (await listCategories(db))[0]!.id,
    groupId: (await makeGroup(t, { tenantId, public: true, publicText: 'Wir suchen Mitglieder.' })).id,
    ...(await dialogueFixture(t, kray.id, tenantId)),
    ...(await networkFixture(t, kray.id, tenantId)),
    ...(await officesFixture(t, kray.id, tenantId)),
    ...(await participationFixture(t, kray.id, tenantId)),
  };
}

function fill(path: string, ids: Partial<TenantIds>): string {
  return path
    .replace(/\/staff\/reports\/areas\/:slug\{[^}]*\}/, `/staff/reports/areas/${ids.areaSlug}`)
    .replace(/\/annual\/:year\{[^}]*\}/, '/annual/2025')
    .replace(/\/tables\/:table\{[^}]*\}/, '/tables/concerns-summary.csv')
    .replace(/^\/offices\/:slug\{[^}]*\}/, `/offices/${ids.officeSlug}`)
    .replace(/:id\{ofc_[^}]*\}/, ids.officeId!)
    .replace(/:room\{rom_[^}]*\}/, ids.roomId!)
    .replace(/:version\{[^}]*\}/, '1')
    .replace(/:id\{fbk_[^}]*\}/, 'fbk_doesnotexist0000000000')
    .replace(/:id\{rom_[^}]*\}/, ids.roomId!)
    .replace(/:id\{bkg_[^}]*\}/, ids.bookingId!)
    .replace(/:id\{off_[^}]*\}/, ids.offerId!)
    .replace(/:closure\{ocl_[^}]*\}/, 'ocl_doesnotexist0000000000')
    .replace('/offers/registration/:token', '/offers/registration/x')
    .replace('/api/v1/offices/:id', `/api/v1/offices/${ids.officeId}`)
    .replace('/api/v1/rooms/:id', `/api/v1/rooms/${ids.roomId}`)
    .replace('/api/v1/offers/:id', `/api/v1/offers/${ids.offerId}`)
    .replace(/:id\{prp_[^}]*\}/, ids.proposalId!)
    .replace(/:id\{pcm_[^}]*\}/, ids.commentId!)
    .replace(/:id\{svy_[^}]*\}/, ids.surveyId!)
    .replace('/api/v1/participation/proposals/:id', `/api/v1/participation/proposals/${ids.proposalId}`)
    .replace('/api/v1/participation/surveys/:id', `/api/v1/participation/surveys/${ids.surveyId}`)
    .replace(/\/participation\/(confirm|withdraw)\/:token/, '/participation/$1/x')
    .replace(':slug', ids.areaSlug!)
    .replace(/:id\{con_[^}]*\}/, ids.concernId!)
    .replace(/:id\{cat_[^}]*\}/, ids.categoryId!)
    .replace(/:number\{[^}]*\}/, ids.concernNumber!)
    .replace(/:id\{grp_[^}]*\}/, ids.groupId!)
    .replace(/:id\{org_[^}]*\}/, ids.orgId!)
    .replace(/:id\{per_[^}]*\}/, ids.personId!)
    .replace(/:id\{cnt_[^}]*\}/, ids.contactId!)
    .replace(/:id\{ort_[^}]*\}/, ids.orgTypeId!)
    .replace('/api/v1/network/organisations/:id', `/api/v1/network/organisations/${ids.orgId}`)
    .replace('/api/v1/network/people/:id', `/api/v1/network/people/${ids.personId}`)
    .replace(/\/groups\/booking\/:token\{[^}]*\}/, '/groups/booking/not-a-valid-token')
    .replace('/api/v1/groups/:id', `/api/v1/groups/${ids.groupId}`)
    .replace(/:id\{dlg_[^}]*\}/, ids.dialogueId!)
    .replace(/:id\{mtg_[^}]*\}/, ids.meetingId!)
    .replace(/:pid\{dpt_[^}]*\}/, ids.participantId!)
    .replace(/:feed\{[^}]*\}/, `${ids.areaSlug}.ics`)
    .replace('/api/v1/dialogues/:id', `/api/v1/dialogues/${ids.dialogueId}`)
    .replace('/meetings/cancel/:token', '/meetings/cancel/x')
    .replace(/:file\{[^}]*\}/, 'fil_doesnotexist0000000000')
    .replace(':number', ids.concernNumber!)
    .replace('/concerns/confirm/:token', '/concerns/confirm/x')
    .replace('/open311/v2/services/:code', '/open311/v2/services/littering.json')
    .replace('/open311/v2/requests/:id', `/open311/v2/requests/${ids.open311Id ?? ids.concernNumber}.json`)
    .replace('/open311/v2/tokens/:token', '/open311/v2/tokens/x.json')
    .replace('/staff/territory/areas/:id', `/staff/territory/areas/${ids.areaId}`)
    .replace('/staff/territory/funding/:id', `/staff/territory/funding/${ids.fundingId}`)
    .replace('/staff/territory/topics/:id', `/staff/territory/topics/${ids.topicId}`)
    .replace('/admin/users/:id', `/admin/users/${ids.userId}`)
    .replace('/lang/:locale', '/lang/de')
    .replace('/password/reset/:token', '/password/reset/x')
    .replace('/static/*', '/static/app.css')
    .replace(/\/lookup\/point$/, '/lookup/point?lat=51.4746&lon=7.0869')
    .replace(/\/lookup\/street$/, '/lookup/street?name=Krayer');
}

function leaks(body: string): string[] {
  const found = new Set<string>();
  for (const m of body.matchAll(/[a-z]{2,5}_[0-9a-z]{8,}/g)) if (foreignIds.has(m[0])) found.add(m[0]);
  for (const e of foreignEmails) if (body.includes(e)) found.add(e);
  return [...found];
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  Object.assign(own, await idsOf(t.tenant.id));
  Object.assign(foreign, await idsOf(t.other.id));
  // Public numbers count per tenant: give the other tenant a number this one does not have (Open311 requests/:id).
  for (let i = 0; i < 5 && !foreign.open311Id; i++) {
    const n = (await makeConcern(t, { tenantId: t.other.id })).number;
    const mine = await t.handle.db.selectFrom('concerns').select('id').where('tenant_id', '=', t.tenant.id).where('number', '=', n).executeTakeFirst();
    if (!mine) foreign.open311Id = n;
  }
  await signedInClient(t, 'admin', { tenantId: t.other.id, email: 'admin-other@example.test' });
  const ids = new Set<string>();
  const emails: string[] = [];
  for (const table of await tenantTables()) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} where tenant_id = ${t.other.id}`.execute(t.handle.db)).rows;
    for (const r of rows) {
      for (const [k, v] of Object.entries(r)) {
        if (typeof v !== 'string') continue;
        if ((k === 'id' || k.endsWith('_id')) && k !== 'tenant_id' && /^[a-z]{2,5}_[0-9a-z]{8,}$/.test(v)) ids.add(v);
        if (k === 'email') emails.push(v);
      }
    }
  }
  foreignIds = ids;
  foreignEmails = emails;
  getRoutes = [...new Set(t.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))].filter((p) => p !== '/static/*');
});
afterAll(async () => t.close());

describe('tenant isolation', () => {
  it('knows the other tenant’s rows (the check below is not empty)', () => {
    expect(foreignIds.size).toBeGreaterThan(100);
    expect(foreignIds.has(foreign.areaId!)).toBe(true);
    expect(foreignEmails).toContain('admin-other@example.test');
  });

  it('no page or API response of one tenant contains the other tenant’s rows', async () => {
    const admin = await signedInClient(t, 'admin');
    const api = await apiClient(t, 'admin');
    const anon = t.client();
    const problems: string[] = [];
    let checked = 0;
    for (const route of getRoutes) {
      for (const client of [admin, route.startsWith('/api/') ? api : anon] as TestClient[]) {
        const res = await client.get(fill(route, own));
        const body = await res.text();
        checked++;
        const l = leaks(body);
        if (l.length) problems.push(`${route} leaks ${l.slice(0, 3).join(', ')}`);
      }
    }
    for (const page of ['/admin/audit', '/admin/users?q=example', '/staff/territory/districts', '/api/v1/districts', '/api/v1/areas']) {
      const res = await (page.startsWith('/api/') ? api : admin).get(page);
      expect(res.status, page).toBe(200);
      const l = leaks(await res.text());
      if (l.length) problems.push(`${page} leaks ${l.slice(0, 3).join(', ')}`);
    }
    expect(checked).toBeGreaterThan(30);
    expect(problems).toEqual([]);
    // Every GET route twice (about 300 requests): PostgreSQL on a loaded machine needs more than the default 20 s.
  }, 60_000);

  it('answers 404 when asked for the other tenant’s records by id', async () => {
    const admin = await signedInClient(t, 'admin');
    const api = await apiClient(t, 'admin');
    const withIds = getRoutes.filter((r) => /:(id)\b/.test(r));
    expect(withIds.length).toBeGreaterThan(3);
    const problems: string[] = [];
    for (const route of withIds) {
      const client = route.startsWith('/api/') ? api : admin;
      const path = fill(route, foreign);
      const res = await client.get(path);
      if (res.status !== 404) problems.push(`${route}: HTTP ${res.status}`);
      // The page may echo the requested address (language links); only data counts as a leak.
      const body = (await res.text()).split(encodeURIComponent(path)).join('').split(path).join('');
      const l = leaks(body);
      if (l.length) problems.push(`${route} leaks ${l.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('reports, social indicators and open data hold only the tenant’s own figures', async () => {
    const otherAdmin = { id: 'usr_otheradmin', email: 'x@example.test', displayName: 'x', organisation: null, locale: null, assignments: [{ role: 'admin' as const, allAreas: true, areaIds: [] }] };
    const otherCtx = { tenant: { id: t.other.id, slug: t.other.slug, name: t.other.name, defaultLocale: 'de' as const }, db: forTenant(t.handle.db, t.other.id), user: otherAdmin, requestId: null, dialect: t.handle.dialect };
    const r = await importIndicators(otherCtx, 'district_number,indicator,year,value,source,licence\n27,population,2024,4711,FOREIGN-TENANT-SOURCE,CC0-1.0\n', null);
    expect(r.ok).toBe(true);
    const admin = await signedInClient(t, 'admin');
    for (const page of ['/staff/reports', `/staff/reports/areas/${own.areaSlug}`, '/staff/reports/indicators', '/open-data/public-concerns.geojson', '/open-data/concerns-by-district-month.csv']) {
      const body = await (await admin.get(page)).text();
      expect(body, page).not.toContain('FOREIGN-TENANT-SOURCE');
      expect(leaks(body), page).toEqual([]);
    }
    const ownGeo = (await (await t.client().get('/open-data/public-concerns.geojson')).json()) as { features: { properties: { number: string } }[] };
    const ownNumbers = (await t.handle.db.selectFrom('concerns').select('number').where('tenant_id', '=', t.tenant.id).execute()).map((x) => x.number);
    expect(ownGeo.features.length).toBeGreaterThan(0);
    expect(ownGeo.features.every((f) => ownNumbers.includes(f.properties.number))).toBe(true);
  });

  it('a session of one tenant is not valid on the other tenant’s host', async () => {
    const admin = await signedInClient(t, 'admin');
    const cookies = new Map(admin.cookies);
    const intruder = t.client('other.test');
    intruder.cookies = cookies;
    const res = await intruder.get('/admin/users');
    expect([303, 401]).toContain(res.status);
    const api = await apiClient(t, 'admin');
    const apiIntruder = t.client('other.test');
    apiIntruder.bearer = api.token;
    expect((await apiIntruder.get('/api/v1/me')).status).toBe(401);
  });
});
