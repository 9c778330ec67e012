/**
 * JavaScript budget of the public pages (issue 7: at most 15 KB gzip on any public page), the fast check of the
 * suite: every public GET page (route-policy table, parameters filled by following the pages' own links over a
 * small fixture) is rendered in German and Arabic; the scripts its HTML loads (`<script src>`, module preloads)
 * are fetched from the app as served and gzipped at level 9; their sum must stay within the budget.
 * Also: the web fonts swap in (font-display), so text is not held back for them (Lighthouse LCP).
 * The full measurement in a browser (every language, JavaScript off, axe, Lighthouse) is `npm run bench:budgets`.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { JS_BUDGET_GZIP, publicPageRoutes, resolvePublicPages, type ResolvedPages } from '../../bench/budgets/pages';
import { routePolicies } from '../../src/platform/http/guard';
import { seedTerritory, listAreas } from '../../src/modules/territory';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { makeConcern } from '../../src/modules/concerns/test/factories';
import { makeGroup } from '../../src/modules/groups/test/factories';
import { dialogueFixture } from '../../src/modules/dialogues/test/factories';
import { officesFixture } from '../../src/modules/offices/test/factories';
import { participationFixture } from '../../src/modules/participation/test/factories';

/** `src` of every external script and module preload in an HTML document. */
export function scriptSources(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\ssrc\s*=\s*"([^"]+)"/gi)) out.add(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*\srel\s*=\s*"modulepreload"[^>]*>/gi)) {
    const href = /\shref\s*=\s*"([^"]+)"/i.exec(m[0])?.[1];
    if (href) out.add(href);
  }
  return [...out];
}

let t: TestApp;
let resolved: ResolvedPages;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  const kray = (await listAreas(forTenant(t.handle.db, t.tenant.id))).find((a) => a.name === 'Kray')!;
  await makeConcern(t, { email: 'resident@example.test', name: 'Resident' });
  await makeGroup(t, { public: true, publicText: 'Wir suchen Mitglieder.' });
  await dialogueFixture(t, kray.id);
  await officesFixture(t, kray.id);
  await participationFixture(t, kray.id);
  const client = t.client();
  resolved = await resolvePublicPages(publicPageRoutes(routePolicies() as Record<string, string>), async (path) => {
    const res = await client.get(path);
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  });
}, 120_000);
afterAll(async () => t?.close());

describe('public pages: JavaScript budget', () => {
  it(`every public page loads at most ${JS_BUDGET_GZIP / 1024} KB of JavaScript (gzip), in German and Arabic`, async () => {
    expect(resolved.pages.length, 'the crawl found the public pages').toBeGreaterThan(20);
    const client = t.client();
    const gzipBySrc = new Map<string, number>();
    const over: string[] = [];
    const withScripts = new Set<string>();
    for (const locale of ['de', 'ar']) {
      for (const page of resolved.pages) {
        const res = await client.get(`${page.path}?lang=${locale}`);
        const html = await res.text();
        let total = 0;
        for (const src of scriptSources(html)) {
          expect(src, `script of ${page.path} from this server`).toMatch(/^\/static\//);
          if (!gzipBySrc.has(src)) {
            const js = await client.get(src);
            expect(js.status, `${src} is served`).toBe(200);
            gzipBySrc.set(src, gzipSync(Buffer.from(await js.arrayBuffer()), { level: 9 }).length);
          }
          total += gzipBySrc.get(src)!;
          withScripts.add(page.route);
        }
        if (total > JS_BUDGET_GZIP) over.push(`${page.path} (${locale}): ${(total / 1024).toFixed(1)} KB`);
      }
    }
    expect(over, 'public pages over the JavaScript budget').toEqual([]);
    // The measurement sees the map island where a page has a map (so an empty result is not a silent pass).
    expect([...withScripts].some((r) => r.startsWith('/areas/') || r.startsWith('/concerns')), `pages with scripts: ${[...withScripts].join(', ')}`).toBe(true);
  }, 60_000);

  it('serves every web font face the pages link with font-display: swap (text visible while the fonts load)', async () => {
    const client = t.client();
    const html = await (await client.get('/')).text();
    const sheets = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
    let faces = 0;
    for (const href of sheets) {
      const css = await (await client.get(href)).text();
      for (const face of css.match(/@font-face\s*\{[^}]*\}/g) ?? []) {
        faces++;
        expect(face, `${href}`).toMatch(/font-display:\s*swap/);
      }
    }
    expect(faces, 'the pages load web fonts').toBeGreaterThan(0);
  });
});
