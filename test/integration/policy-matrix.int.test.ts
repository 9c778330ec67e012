/**
 * The policy matrix: every route × every role × in-scope / out-of-scope programme area (plus anonymous).
 * - Every route the app registers must have a policy entry (a new route without one fails here).
 * - Expected outcome is derived from the one policy module: public → never refused; 'authenticated' → refused only
 *   for anonymous visitors; an action → refused unless the role may perform it, and for a scoped action on a
 *   programme area (routes whose parameter names one) refused when the area is outside the user's scope.
 * POSTs are sent with an empty form: an allowed request may fail validation (422) but is never 401/403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../support/app';
import { apiClient, createUser, signedInClient } from '../support/auth';
import { ACTIONS, ROLES, isAction, type ActionRule, type Role, type RoutePolicy } from '../../src/platform/auth/policy';
import { policyFor } from '../../src/platform/http/guard';
import { seedTerritory, listAreas, listFundingPeriods, listTopics } from '../../src/modules/territory';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { forwardedConcern } from '../../src/modules/concerns/test/factories';
import { listCategories } from '../../src/modules/concerns';
import { makeGroup } from '../../src/modules/groups/test/factories';
import { dialogueFixture } from '../../src/modules/dialogues/test/factories';
import { networkFixture } from '../../src/modules/network/test/factories';
import { officesFixture } from '../../src/modules/offices/test/factories';
import { participationFixture } from '../../src/modules/participation/test/factories';

type Scope = 'in' | 'out';
interface Route {
  method: string;
  path: string;
  policy: RoutePolicy | undefined;
}

let t: TestApp;
let routes: Route[];
const ids: Record<string, string> = {};

/**
 * Routes whose path parameter names a programme area or an area-scoped resource (a concern in Kray): the scope
 * check applies to them.
 */
const AREA_RESOURCE = /\/(areas|concerns|groups|dialogues|meetings|tasks|organisations|people|contacts|offices|rooms|bookings|offers|proposals|comments|surveys)\/:(id|slug|number)/;
/** Concern routes: department staff are scoped by department; the fixture concern was forwarded to theirs. */
const DEPARTMENT_RESOURCE = /\/concerns\/:(id|number)/;
/** Routes acting on the whole programme (not one area): the matrix users (one area each, admin aside) may not. */
const PROGRAMME_WIDE = /^\/staff\/reports\/annual\/:year\{[^}]*\}\/edit$/;

function fill(path: string): string {
  return path
    .replace(/^\/api\/v1\/areas\/:slug/, `/api/v1/areas/${ids.areaSlug}`)
    .replace(/^\/areas\/:slug/, `/areas/${ids.areaSlug}`)
    .replace(/^\/staff\/reports\/areas\/:slug\{[^}]*\}/, `/staff/reports/areas/${ids.areaSlug}`)
    .replace(/\/annual\/:year\{[^}]*\}/, '/annual/2025')
    .replace(/\/tables\/:table\{[^}]*\}/, '/tables/concerns-summary.csv')
    .replace('/staff/territory/areas/:id', `/staff/territory/areas/${ids.areaId}`)
    .replace('/staff/territory/funding/:id', `/staff/territory/funding/${ids.fundingId}`)
    .replace('/staff/territory/topics/:id', `/staff/territory/topics/${ids.topicId}`)
    .replace(/:id\{con_[^}]*\}/, ids.concernId!)
    .replace(/:id\{cat_[^}]*\}/, ids.categoryId!)
    .replace(/:number\{[^}]*\}/, ids.concernNumber!)
    .replace(/:file\{[^}]*\}/, 'fil_doesnotexist0000000000')
    .replace('/api/v1/concerns/:number', `/api/v1/concerns/${ids.concernNumber}`)
    .replace(/:id\{grp_[^}]*\}/, ids.groupId!)
    .replace(/:id\{org_[^}]*\}/, ids.orgId!)
    .replace(/:id\{per_[^}]*\}/, ids.personId!)
    .replace(/:id\{cnt_[^}]*\}/, ids.contactId!)
    .replace(/:id\{ort_[^}]*\}/, ids.orgTypeId!)
    .replace(/:rel\{rel_[^}]*\}/, 'rel_doesnotexist0000000000')
    .replace(/:mem\{mem_[^}]*\}/, 'mem_doesnotexist0000000000')
    .replace(/:cns\{cns_[^}]*\}/, 'cns_doesnotexist0000000000')
    .replace('/api/v1/network/organisations/:id', `/api/v1/network/organisations/${ids.orgId}`)
    .replace('/api/v1/network/people/:id', `/api/v1/network/people/${ids.personId}`)
    .replace(/\/groups\/booking\/:token\{[^}]*\}/, '/groups/booking/not-a-valid-token')
    .replace(/:entry\{gsu_[^}]*\}/, 'gsu_doesnotexist000000')
    .replace('/api/v1/groups/:id', `/api/v1/groups/${ids.groupId}`)
    .replace(/:id\{dlg_[^}]*\}/, ids.dialogueId!)
    .replace(/:id\{mtg_[^}]*\}/, ids.meetingId!)
    .replace(/:id\{tsk_[^}]*\}/, ids.taskId!)
    .replace(/:pid\{dpt_[^}]*\}/, ids.participantId!)
    .replace(/:uid\{usr_[^}]*\}/, ids.userId!)
    .replace(/:cid\{con_[^}]*\}/, ids.concernId!)
    .replace(/:feed\{[^}]*\}/, 'kray.ics')
    .replace('/api/v1/dialogues/:id', `/api/v1/dialogues/${ids.dialogueId}`)
    .replace('/api/v1/dialogue-tasks/:id', `/api/v1/dialogue-tasks/${ids.taskId}`)
    .replace('/meetings/cancel/:token', '/meetings/cancel/not-a-valid-token')
    .replace('/concerns/confirm/:token', '/concerns/confirm/not-a-valid-token')
    .replace(/^\/participation\/areas\/:slug/, `/participation/areas/${ids.areaSlug}`)
    .replace('/api/v1/participation/areas/:slug', `/api/v1/participation/areas/${ids.areaSlug}`)
    .replace(/:id\{prp_[^}]*\}/, ids.proposalId!)
    .replace(/:id\{pcm_[^}]*\}/, ids.commentId!)
    .replace(/:id\{svy_[^}]*\}/, ids.surveyId!)
    .replace('/api/v1/participation/proposals/:id', `/api/v1/participation/proposals/${ids.proposalId}`)
    .replace('/api/v1/participation/surveys/:id', `/api/v1/participation/surveys/${ids.surveyId}`)
    .replace(/\/participation\/(confirm|withdraw)\/:token/, '/participation/$1/not-a-valid-token')
    .replace('/open311/v2/services/:code', '/open311/v2/services/littering.json')
    .replace('/open311/v2/requests/:id', `/open311/v2/requests/${ids.concernNumber}.json`)
    .replace('/open311/v2/tokens/:token', '/open311/v2/tokens/unknown-token.json')
    .replace('/admin/users/:id', `/admin/users/${ids.userId}`)
    .replace('/account/tokens/:id', '/account/tokens/tok_doesnotexist')
    .replace('/password/reset/:token', '/password/reset/not-a-valid-token')
    .replace(/:id\{ofc_[^}]*\}/, ids.officeId!)
    .replace(/:room\{rom_[^}]*\}/, ids.roomId!)
    .replace(/:version\{[^}]*\}/, '1')
    .replace(/:id\{fbk_[^}]*\}/, 'fbk_doesnotexist0000000000')
    .replace(/:id\{rom_[^}]*\}/, ids.roomId!)
    .replace(/:id\{bkg_[^}]*\}/, ids.bookingId!)
    .replace(/:id\{off_[^}]*\}/, ids.offerId!)
    .replace(/:closure\{ocl_[^}]*\}/, 'ocl_doesnotexist0000000000')
    .replace(/^\/offices\/:slug\{[^}]*\}/, `/offices/${ids.officeSlug}`)
    .replace('/offers/registration/:token', '/offers/registration/not-a-valid-token')
    .replace('/api/v1/offices/:id', `/api/v1/offices/${ids.officeId}`)
    .replace('/api/v1/rooms/:id', `/api/v1/rooms/${ids.roomId}`)
    .replace('/api/v1/offers/:id', `/api/v1/offers/${ids.offerId}`)
    .replace('/lang/:locale', '/lang/en')
    .replace('/static/*', '/static/app.css')
    .replace(/\/lookup\/point$/, '/lookup/point?lat=51.52&lon=7.0')
    .replace(/\/lookup\/street$/, '/lookup/street?name=Hauptstr');
}

function expected(policy: RoutePolicy, role: Role | null, scope: Scope, path: string): 'allow' | 'deny' {
  if (policy === 'public') return 'allow';
  if (!role) return 'deny';
  if (policy === 'authenticated') return 'allow';
  const rule: ActionRule = ACTIONS[policy];
  if (!rule.roles.includes(role)) return 'deny';
  if (rule.scoped && role === 'department_staff' && DEPARTMENT_RESOURCE.test(path)) return 'allow';
  if (rule.scoped && role !== 'admin' && AREA_RESOURCE.test(path) && scope === 'out') return 'deny';
  // Programme-wide report writes (narratives of the programme's annual report) need an "all areas" assignment.
  if (rule.scoped && role !== 'admin' && PROGRAMME_WIDE.test(path)) return 'deny';
  return 'allow';
}

async function hit(client: TestClient, r: Route): Promise<Response> {
  const path = fill(r.path);
  if (r.path.startsWith('/api/')) {
    return r.method === 'GET' ? client.request(path) : client.json(r.method, path, {});
  }
  // Open311 authenticates its one write by the api_key form field (the guard lets everyone through to it).
  if (r.path.startsWith('/open311/') && r.method === 'POST') return client.post(path, { api_key: ids.open311Key! });
  if (r.method === 'GET') return client.get(path);
  return client.post(path, {});
}

function refused(status: number, location: string | null): boolean {
  return status === 401 || status === 403 || (status === 303 && (location ?? '').startsWith('/login'));
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  const db = forTenant(t.handle.db, t.tenant.id);
  const areas = await listAreas(db);
  const kray = areas.find((a) => a.name === 'Kray')!;
  const karnap = areas.find((a) => a.name === 'Karnap')!;
  ids.areaId = kray.id;
  ids.areaSlug = kray.slug;
  ids.inArea = kray.id;
  ids.outArea = karnap.id;
  ids.fundingId = (await listFundingPeriods(db))[0]!.id;
  ids.topicId = (await listTopics(db))[0]!.id;
  ids.userId = (await createUser(t, { role: 'viewer', email: 'target@example.test' })).id;
  // A concern in Kray, forwarded to the Jugendamt (the department test users of department_staff belong to).
  const concern = await forwardedConcern(t, 'Jugendamt');
  expect(concern.areaId).toBe(kray.id);
  ids.concernId = concern.id;
  ids.concernNumber = concern.number;
  ids.categoryId = (await listCategories(db))[0]!.id;
  ids.open311Key = (await apiClient(t, 'viewer', { email: 'open311-client@example.test' })).token;
  // A group in Kray (groups are scoped by their programme area).
  ids.groupId = (await makeGroup(t)).id;
  // A dialogue in Kray with a participant, a meeting and a task (dialogues are scoped by their programme areas).
  Object.assign(ids, await dialogueFixture(t, kray.id));
  // An organisation, a person (with consent) and a contact in Kray (the network is scoped by programme area).
  Object.assign(ids, await networkFixture(t, kray.id));
  // An office in Kray with a room, a booking and a published offer (offices are scoped by their programme area).
  Object.assign(ids, await officesFixture(t, kray.id));
  // A published proposal with a comment and an open survey in Kray (participation is scoped by programme area).
  Object.assign(ids, await participationFixture(t, kray.id));
  const seen = new Set<string>();
  routes = t.app.routes
    .filter((r) => r.method !== 'ALL')
    .filter((r) => {
      const k = `${r.method} ${r.path}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((r) => ({ method: r.method, path: r.path, policy: policyFor(r.method, r.path) }))
    // Logging out ends the session: run it last.
    .sort((a, b) => Number(a.path === '/logout') - Number(b.path === '/logout'));
});
afterAll(async () => t.close());

describe('policy matrix', () => {
  it('has a policy entry for every route, naming a known action', () => {
    const missing = routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`);
    expect(missing, 'routes without a policy entry').toEqual([]);
    const unknown = routes.filter((r) => r.policy && r.policy !== 'public' && r.policy !== 'authenticated' && !isAction(r.policy));
    expect(unknown).toEqual([]);
    expect(routes.length).toBeGreaterThan(40);
  });

  it('anonymous visitors reach public routes only', async () => {
    const failures: string[] = [];
    const anon = t.client();
    for (const r of routes) {
      const res = await hit(anon, r);
      const want = expected(r.policy!, null, 'in', r.path);
      const got = refused(res.status, res.headers.get('location')) ? 'deny' : 'allow';
      if (want !== got) failures.push(`${r.method} ${r.path}: expected ${want}, got ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  for (const role of ROLES) {
    for (const scope of ['in', 'out'] as const) {
      it(`${role} with ${scope === 'in' ? 'the area in scope' : 'another area only'}`, async () => {
        const opts = { allAreas: false, areaIds: [scope === 'in' ? ids.inArea! : ids.outArea!] };
        const browser = await signedInClient(t, role, opts);
        const api = await apiClient(t, role, opts);
        const failures: string[] = [];
        for (const r of routes) {
          const client = r.path.startsWith('/api/') ? api : browser;
          const res = await hit(client, r);
          const want = expected(r.policy!, role, scope, r.path);
          const got = refused(res.status, res.headers.get('location')) ? 'deny' : 'allow';
          if (want !== got) failures.push(`${r.method} ${r.path}: expected ${want}, got ${res.status}`);
          if (res.status >= 500) failures.push(`${r.method} ${r.path}: server error ${res.status}`);
        }
        expect(failures).toEqual([]);
        // Every route once per role (PDF and XLSX exports among them): on a loaded machine PostgreSQL needs more
        // than the default 20 s for the admin, who reaches them all.
      }, 60_000);
    }
  }
});
