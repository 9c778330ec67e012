/**
 * Untranslated keys, found where readers meet them: every page the app serves by GET is rendered in every
 * language, with a recorder in `translate` (recordFallbacks) that hears each key that fell back to German.
 * - Public pages (policy 'public', fetched anonymously) must be complete in en, tr, ar and uk.
 * - Staff pages (every other GET page, fetched as an admin) must be complete in en (issue 7: staff pages at least
 *   German and English).
 * - No page may use a key German lacks (it would show the bare key).
 * The failure lists "locale: key (page)" for each gap, so whoever adds a key sees what to translate.
 * Each page must also answer in the requested language: `<html lang>` and `dir` (rtl for Arabic only).
 *
 * SQLite only: the keys a page uses do not depend on the database, and the crawl renders ~5 × 200 pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../support/app';
import { createUser, signedInClient } from '../support/auth';
import { policyFor } from '../../src/platform/http/guard';
import { LOCALES, direction, recordFallbacks, type Locale } from '../../src/platform/i18n';
import { seedTerritory, listAreas, listFundingPeriods, listTopics } from '../../src/modules/territory';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { makeConcern } from '../../src/modules/concerns/test/factories';
import { listCategories } from '../../src/modules/concerns';
import { makeGroup } from '../../src/modules/groups/test/factories';
import { ctxFor, dialogueFixture, staff } from '../../src/modules/dialogues/test/factories';
import { createMeeting } from '../../src/modules/dialogues/dialogues.service';
import { networkFixture } from '../../src/modules/network/test/factories';
import { officesFixture } from '../../src/modules/offices/test/factories';

const onSqlite = (process.env.QUARTIER_TEST_DB ?? 'sqlite') === 'sqlite';

interface Page {
  /** POST: an empty form is sent, so the page shows its validation messages (readers meet those too). */
  method: 'GET' | 'POST';
  route: string;
  url: string;
  policy: 'public' | 'staff';
}

let t: TestApp;
const pages: Page[] = [];
/** Fixture ids by their prefix (con_, grp_, dlg_ …) and a few named values (area slug, concern number …). */
const byPrefix = new Map<string, string>();
const named: Record<string, string> = {};

/**
 * A concrete URL for a route pattern: `:param{pfx_…}` takes the fixture id with that prefix; other parameters
 * get the fixture's slug/number or a value that does not exist (a token page then shows its "invalid link" page,
 * which readers meet too). Null when the route cannot be filled (it is then reported, not skipped silently).
 */
function fill(route: string): string | null {
  let url = route
    .replace(/\/annual\/:year\{[^}]*\}/, '/annual/2025')
    .replace(/\/tables\/:table\{[^}]*\}/, '/tables/concerns-summary.csv')
    .replace(/:feed\{[^}]*\}/, `${named.areaSlug}.ics`)
    // A parameter that names its values (`:slug{imprint|privacy|…}`): the first of them.
    .replace(/:\w+\{([a-z][\w-]*)((?:\|[\w-]+)*)\}/g, (_m, first: string) => first)
    .replace(/:(\w+)\{([a-z]{2,5})_[^}]*\}/g, (_m, _name: string, prefix: string) => byPrefix.get(prefix) ?? `${prefix}_doesnotexist0000000000`)
    .replace(/:number\{[^}]*\}/, named.concernNumber!)
    .replace(/:slug\{[^}]*\}/, route.startsWith('/offices/') ? named.officeSlug! : named.areaSlug!)
    .replace(/:token\{[^}]*\}/, 'not-a-valid-token')
    .replace('/open311/v2/services/:code', '/open311/v2/services/littering.json')
    .replace('/open311/v2/requests/:id', `/open311/v2/requests/${named.concernNumber}.json`)
    .replace(/:slug\b/, route.startsWith('/offices/') ? named.officeSlug! : named.areaSlug!)
    .replace(/:number\b/, named.concernNumber!)
    .replace(/:token\b/, 'not-a-valid-token')
    .replace(/\/lookup\/point$/, '/lookup/point?lat=51.4746&lon=7.0869')
    .replace(/\/lookup\/street$/, '/lookup/street?name=Krayer');
  // Plain :id of staff pages: the id of the resource the path names.
  url = url.replace(/\/(areas|funding|topics|users|tokens)\/:id\b/, (_m, what: string) => `/${what}/${named[what] ?? 'xyz_doesnotexist0000000000'}`);
  return url.includes(':') || url.includes('*') ? null : url;
}

/** Pages of a dialogue's participants: the admin of the crawl is none, so they answer 404 (in the language asked). */
const PARTICIPANTS_ONLY = /^\/my\/dialogues\/:id/;

function withLang(url: string, locale: Locale): string {
  return `${url}${url.includes('?') ? '&' : '?'}lang=${locale}`;
}

interface Crawl {
  /** "locale: key (page)" for every fallback to German on a page that must be complete in that language. */
  gaps: string[];
  /** Pages that did not answer as expected (status, language, direction). */
  problems: string[];
  /** How many HTML pages were rendered. */
  rendered: number;
}

async function crawl(client: TestClient, list: Page[], locales: readonly Locale[]): Promise<Crawl> {
  const gaps = new Set<string>();
  const problems: string[] = [];
  let rendered = 0;
  for (const locale of locales) {
    for (const page of list) {
      if (page.method === 'POST') await client.get(withLang('/', locale)); // a fresh CSRF token (not recorded)
      const heard = new Set<string>();
      recordFallbacks((l, key) => {
        if (l === locale) heard.add(key);
      });
      let res: Response;
      let body: string;
      try {
        res = page.method === 'GET' ? await client.get(withLang(page.url, locale)) : await client.post(withLang(page.url, locale), {});
        body = await res.text();
      } finally {
        recordFallbacks(null);
      }
      if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
      rendered++;
      // A real fixture answers 200 (a form sent empty: 422); an invented token or id: 404.
      const fake = /not-a-valid-token|doesnotexist/.test(page.url);
      const want = fake || PARTICIPANTS_ONLY.test(page.route) ? 404 : page.method === 'POST' ? 422 : 200;
      if (res.status !== want && res.status !== 303) problems.push(`${locale} ${page.method} ${page.url}: ${res.status}, expected ${want}`);
      if (res.status === 303) continue;
      const html = /<html\b[^>]*>/.exec(body)?.[0] ?? '';
      if (!html.includes(`lang="${locale}"`) || !html.includes(`dir="${direction(locale)}"`)) problems.push(`${locale} ${page.url}: ${html || 'no <html>'}`);
      // In German the recorder hears only keys German lacks too (the page then shows the bare key).
      for (const key of heard) gaps.add(`${locale}: ${key} (${page.method === 'POST' ? 'POST ' : ''}${page.route})`);
    }
  }
  return { gaps: [...gaps].sort(), problems, rendered };
}

beforeAll(async () => {
  if (!onSqlite) return;
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  const db = forTenant(t.handle.db, t.tenant.id);
  const kray = (await listAreas(db)).find((a) => a.name === 'Kray')!;
  const concern = await makeConcern(t, { email: 'resident@example.test', name: 'Resident', subscribe: true });
  const fixtures: Record<string, string | undefined> = {
    areas: kray.id,
    funding: (await listFundingPeriods(db))[0]!.id,
    topics: (await listTopics(db))[0]!.id,
    users: (await createUser(t, { role: 'viewer', email: 'target@example.test' })).id,
    concernId: concern.id,
    categoryId: (await listCategories(db))[0]!.id,
    groupId: (await makeGroup(t, { public: true, publicText: 'Wir suchen Mitglieder.' })).id,
    ...(await dialogueFixture(t, kray.id)),
    ...(await networkFixture(t, kray.id)),
    ...(await officesFixture(t, kray.id)),
  };
  for (const v of Object.values(fixtures)) {
    const m = typeof v === 'string' ? /^([a-z]{2,5})_[0-9a-z]{8,}$/.exec(v) : null;
    if (m && !byPrefix.has(m[1]!)) byPrefix.set(m[1]!, v!);
  }
  // The fixture's meeting is internal: residents see a public one with registration.
  const ctx = ctxFor(t, await staff(t, 'admin'));
  const meeting = await createMeeting(ctx, fixtures.dialogueId!, { type: 'round_table', title: 'Öffentliche Sitzung', date: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10), startTime: '18:00', endTime: '19:00', place: 'Büro', public: true, registration: true });
  byPrefix.set('mtg', meeting.id);
  Object.assign(named, fixtures, { areaSlug: kray.slug, concernNumber: concern.number });
  const seen = new Set<string>();
  const unfilled: string[] = [];
  for (const r of t.app.routes) {
    if ((r.method !== 'GET' && r.method !== 'POST') || seen.has(`${r.method} ${r.path}`)) continue;
    seen.add(`${r.method} ${r.path}`);
    // Machine interfaces and files: no catalog text a reader sees as a page.
    if (/^\/(api|open311|static)\//.test(r.path) || r.path === '/lang/:locale' || r.path === '/logout') continue;
    const policy = policyFor(r.method, r.path) === 'public' ? 'public' : 'staff';
    // Forms sent empty: the public ones (a resident's mistakes must be explained in their language).
    if (r.method === 'POST' && policy !== 'public') continue;
    const url = fill(r.path);
    if (!url) {
      unfilled.push(r.path);
      continue;
    }
    pages.push({ method: r.method, route: r.path, url, policy });
  }
  expect(unfilled, 'routes this crawl cannot fill in yet (add their fixture)').toEqual([]);
}, 120_000);
afterAll(async () => t?.close());

describe.skipIf(!onSqlite)('untranslated keys (crawl of every page)', () => {
  it('finds the pages (the crawl is not empty)', () => {
    expect(pages.filter((p) => p.policy === 'public').length).toBeGreaterThan(20);
    expect(pages.filter((p) => p.policy === 'staff').length).toBeGreaterThan(40);
  });

  it('public pages are complete in every language and answer with its lang and direction', async () => {
    const { gaps, problems, rendered } = await crawl(t.client(), pages.filter((p) => p.policy === 'public'), LOCALES);
    expect(rendered).toBeGreaterThan(20 * LOCALES.length);
    expect(problems, 'pages that did not answer in the requested language').toEqual([]);
    expect(gaps, `untranslated keys on public pages (${gaps.length}):\n${gaps.join('\n')}\n`).toEqual([]);
  }, 120_000);

  it('staff pages are complete in English', async () => {
    const admin = await signedInClient(t, 'admin');
    const { gaps, problems, rendered } = await crawl(admin, pages.filter((p) => p.policy === 'staff'), ['de', 'en']);
    expect(rendered).toBeGreaterThan(40);
    expect(problems, 'pages that did not answer in the requested language').toEqual([]);
    expect(gaps, `untranslated keys on staff pages (${gaps.length}):\n${gaps.join('\n')}\n`).toEqual([]);
  }, 120_000);
});
