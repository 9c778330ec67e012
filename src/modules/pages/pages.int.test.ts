/**
 * The legal pages on SQLite and PostgreSQL: default texts and footer links, editing per language with versions,
 * restore, German fallback marked lang="de", escaping of HTML/script and refusal of javascript: links (nothing
 * saved), audit entries, and permissions (admin only; anonymous visitors are sent to the login).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit';
import { forTenant } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp, type TestClient } from '../../../test/support/app';
import { signedInClient, type SignedInClient } from '../../../test/support/auth';
import { PAGE_PATHS, PAGE_SLUGS } from './pages.types';

let t: TestApp;
let admin: SignedInClient;
let anon: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInClient(t, 'admin');
  anon = t.client();
});
afterAll(async () => {
  await t?.close();
});

async function html(c: TestClient, path: string): Promise<{ status: number; body: string }> {
  const res = await c.get(path);
  return { status: res.status, body: await res.text() };
}

async function versionCount(slug: string, locale: string): Promise<number> {
  const rows = await forTenant(t.handle.db, t.tenant.id).selectFrom('legal_page_versions').select('id').where('slug', '=', slug).where('locale', '=', locale).execute();
  return rows.length;
}

describe('legal pages', () => {
  it('links every legal page and the feedback form from the footer of the start page, in each language', async () => {
    for (const [lang, label] of [
      ['de', 'Erklärung zur Barrierefreiheit'],
      ['en', 'Accessibility statement'],
      ['ar', 'بيان إمكانية الوصول'],
    ] as const) {
      const home = await html(anon, `/?lang=${lang}`);
      expect(home.status).toBe(200);
      const footer = home.body.slice(home.body.indexOf('<footer'));
      for (const slug of PAGE_SLUGS) expect(footer).toContain(`href="${PAGE_PATHS[slug]}"`);
      expect(footer).toContain('href="/accessibility/feedback"');
      expect(footer).toContain(`>${label}</a>`);
    }
  });

  it('shows the German default texts with the marks for the operator and the NRW enforcement procedure', async () => {
    const imprint = await html(anon, '/imprint?lang=de');
    expect(imprint.status).toBe(200);
    expect(imprint.body).toContain('<h1 class="kern-heading-large">Impressum</h1>');
    expect(imprint.body).toContain('[Bitte ergänzen: Straße und Hausnummer]');
    expect(imprint.body).toContain('§ 5 Digitale-Dienste-Gesetz');
    const a11y = await html(anon, '/accessibility?lang=de');
    expect(a11y.body).toContain('Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen');
    expect(a11y.body).toContain('href="mailto:ombudsstelle-barrierefreie-it@mags.nrw.de"');
    expect(a11y.body).toContain('href="/accessibility/feedback"');
    const easy = await html(anon, '/easy-language?lang=de');
    expect(easy.body).toContain('kern-body--large');
    expect((await html(anon, '/sign-language?lang=de')).body).toContain('Deutscher Gebärdensprache');
    expect((await html(anon, '/privacy?lang=de')).body).toContain('Artikel 13 der Datenschutz-Grundverordnung');
  });

  it('falls back to German for a language without a version, marked lang="de" (and ltr inside Arabic pages)', async () => {
    const en = await html(anon, '/privacy?lang=en');
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('This text is not yet available in your language.');
    expect(en.body).toMatch(/<div class="q-legal__content" lang="de" dir="ltr">/);
    const ar = await html(anon, '/privacy?lang=ar');
    expect(ar.body).toContain('dir="rtl"');
    expect(ar.body).toMatch(/<div class="q-legal__content" lang="de" dir="ltr">/);
    const de = await html(anon, '/privacy?lang=de');
    expect(de.body).toContain('<div class="q-legal__content">');
    expect(de.body).not.toContain('This text is not yet available');
  });

  it('lets an admin save versions per language, lists them with who and when, and audits each', async () => {
    const form = await html(admin, '/admin/pages/imprint');
    expect(form.status).toBe(200);
    expect(form.body).toContain('Für diese Seite gibt es noch keine gespeicherte Version. Das Feld enthält den Standardtext.');
    let res = await admin.post('/admin/pages/imprint', { locale: 'de', body: '## Anbieterin\nStadt Essen\nRathaus, Porscheplatz 1\n45127 Essen' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/pages/imprint?locale=de');
    res = await admin.post('/admin/pages/imprint', { locale: 'de', body: '## Anbieterin\nStadt Essen\nRathaus, Porscheplatz 1\n45121 Essen' });
    expect(res.status).toBe(303);
    res = await admin.post('/admin/pages/imprint', { locale: 'en', body: '## Provider\nCity of Essen' });
    expect(res.status).toBe(303);
    expect(await versionCount('imprint', 'de')).toBe(2);
    expect(await versionCount('imprint', 'en')).toBe(1);

    const pub = await html(anon, '/imprint?lang=de');
    expect(pub.body).toContain('Stadt Essen<br/>Rathaus, Porscheplatz 1<br/>45121 Essen');
    expect(pub.body).not.toContain('[Bitte ergänzen');
    expect((await html(anon, '/imprint?lang=en')).body).toContain('City of Essen');
    // Turkish has no version: the German text, marked as German.
    const tr = await html(anon, '/imprint?lang=tr');
    expect(tr.body).toContain('45121 Essen');
    expect(tr.body).toContain('lang="de"');

    const editor = await html(admin, '/admin/pages/imprint?locale=de');
    expect(editor.body).toContain('45121 Essen</textarea>');
    const rows = editor.body.slice(editor.body.indexOf('id="versions"'));
    expect(rows).toContain(admin.user.email);
    expect(rows).toContain('Aktuelle Version');
    expect(rows).toContain('action="/admin/pages/imprint/versions/1/restore"');

    const audit = await listAudit(forTenant(t.handle.db, t.tenant.id), { entityType: 'legal_page' });
    const ours = audit.entries.filter((e) => e.entityId.startsWith('imprint/'));
    expect(ours.map((e) => [e.entityId, e.action, e.changes.version?.to])).toEqual([
      ['imprint/en', 'update', 1],
      ['imprint/de', 'update', 2],
      ['imprint/de', 'update', 1],
    ]);
    expect(ours[0]!.actorLabel).toBe(admin.user.email);
  });

  it('restores an earlier version as a new version (history kept) and audits the restore', async () => {
    const res = await admin.post('/admin/pages/imprint/versions/1/restore', { locale: 'de' });
    expect(res.status).toBe(303);
    expect(await versionCount('imprint', 'de')).toBe(3);
    expect((await html(anon, '/imprint?lang=de')).body).toContain('45127 Essen');
    const editor = await html(admin, '/admin/pages/imprint?locale=de');
    expect(editor.body).toContain('3 (wiederhergestellt aus 1)');
    const audit = await listAudit(forTenant(t.handle.db, t.tenant.id), { entityType: 'legal_page', action: 'restore' });
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]!.changes).toMatchObject({ version: { from: 2, to: 3 }, restoredFrom: { to: 1 } });
    // A version that does not exist: 404, nothing written.
    expect((await admin.post('/admin/pages/imprint/versions/99/restore', { locale: 'de' })).status).toBe(404);
    expect(await versionCount('imprint', 'de')).toBe(3);
  });

  it('escapes HTML and script from the stored text and refuses javascript: links without saving anything', async () => {
    let res = await admin.post('/admin/pages/privacy', { locale: 'de', body: '## <script>alert(1)</script>\n<img src=x onerror=alert(2)> **fett**' });
    expect(res.status).toBe(303);
    const pub = await html(anon, '/privacy?lang=de');
    const content = pub.body.slice(pub.body.indexOf('q-legal__content'), pub.body.indexOf('</article>'));
    expect(content).not.toMatch(/<script|<img/);
    expect(content).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(content).toContain('&lt;img src=x onerror=alert(2)&gt; <strong>fett</strong>');

    const before = await versionCount('privacy', 'de');
    const auditBefore = (await listAudit(forTenant(t.handle.db, t.tenant.id), { entityType: 'legal_page' })).total;
    res = await admin.post('/admin/pages/privacy', { locale: 'de', body: 'Hier [klicken](javascript:alert(document.cookie)) bitte' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('id="error-summary"');
    expect(page).toContain('Zeile 1: Die Linkadresse „javascript:alert(document.cookie“ ist nicht erlaubt.');
    expect(page).toContain('href="#f-body"');
    res = await admin.post('/admin/pages/sign-language', { locale: 'de', body: '## Abschnitt\n!video(javascript:alert(1))' });
    expect(res.status).toBe(422);
    res = await admin.post('/admin/pages/privacy', { locale: 'de', body: '   ' });
    expect(res.status).toBe(422);
    res = await admin.post('/admin/pages/privacy', { locale: 'xx', body: 'Text' });
    expect(res.status).toBe(422);
    expect(await versionCount('privacy', 'de')).toBe(before);
    expect(await versionCount('sign-language', 'de')).toBe(0);
    expect((await listAudit(forTenant(t.handle.db, t.tenant.id), { entityType: 'legal_page' })).total).toBe(auditBefore);
  });

  it('keeps the review date of the accessibility statement and shows it with the feedback link', async () => {
    const res = await admin.post('/admin/pages/accessibility', { locale: 'de', body: 'Diese Seiten sind **teilweise barrierefrei**.', reviewedOn: '2026-11-20' });
    expect(res.status).toBe(303);
    const pub = await html(anon, '/accessibility?lang=de');
    expect(pub.body).toContain('Datum der letzten Überprüfung');
    expect(pub.body).toContain('20. November 2026');
    expect(pub.body).toContain('href="/accessibility/feedback"');
    expect((await admin.post('/admin/pages/accessibility', { locale: 'de', body: 'x', reviewedOn: '20.11.2026' })).status).toBe(422);
  });

  it('shows a sign-language video as a link with the section as text alternative, no embed', async () => {
    const res = await admin.post('/admin/pages/sign-language', { locale: 'de', body: '## Ein Anliegen melden\n!video(https://videos.example.org/dgs/anliegen.mp4)\nSie können ein Problem melden.' });
    expect(res.status).toBe(303);
    const pub = await html(anon, '/sign-language?lang=de');
    expect(pub.body).toContain('href="https://videos.example.org/dgs/anliegen.mp4"');
    expect(pub.body).toContain('Video in Deutscher Gebärdensprache: Ein Anliegen melden (externe Seite)');
    expect(pub.body).not.toMatch(/<video|<iframe/);
  });

  it('lets only admins manage the pages; other tenants keep their own texts', async () => {
    const coordinator = await signedInClient(t, 'coordinator');
    expect((await coordinator.get('/admin/pages')).status).toBe(403);
    expect((await coordinator.post('/admin/pages/imprint', { locale: 'de', body: 'gekapert' })).status).toBe(403);
    const res = await anon.get('/admin/pages/imprint');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    // Refused without a session (the CSRF check or the guard answers first).
    expect([401, 403]).toContain((await anon.post('/admin/pages/imprint', { locale: 'de', body: 'gekapert' })).status);
    expect((await html(anon, '/imprint?lang=de')).body).not.toContain('gekapert');
    const other = await html(t.client('other.test'), '/imprint?lang=de');
    expect(other.body).toContain('[Bitte ergänzen: Straße und Hausnummer]');
    expect(other.body).not.toContain('Porscheplatz');
  });

  it('gives admins an overview of every page and language with the current version', async () => {
    const o = await html(admin, '/admin/pages');
    expect(o.status).toBe(200);
    expect(o.body).toContain('href="/admin/pages/imprint?locale=de">Version 3</a>');
    expect(o.body).toContain('href="/admin/pages/imprint?locale=en">Version 1</a>');
    expect(o.body).toContain('Standardtext');
  });
});
