/**
 * Reports on a real database (SQLite and PostgreSQL): dashboard figures against a hand-computed concerns fixture,
 * area scope for the viewer role, social indicator import (all or nothing, row messages), open data with small
 * cells suppressed and no personal data, DCAT-AP.de metadata, and the audit entries of every view and export.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, seedTerritory } from '../territory';
import { annualReport, dashboard, importIndicators, listIndicatorsFor, saveNarratives } from './index';
import { catalogue } from './reports.opendata';
import { logContact } from '../network';
import { categoryId, ctxFor, FIXTURE_DAYS, fixturePeriod, principal, seedAdviceFixture, seedConcernFixture } from './test/fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => fs.readFileSync(path.join(here, 'test', name), 'utf8');

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let karnapId: string;
let krayDistrict: number;
let karnapDistrict: number;
const { period } = fixturePeriod();

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  karnapId = (await getAreaBySlug(db, 'karnap'))!.id;
  ({ krayDistrict, karnapDistrict } = await seedConcernFixture(t));
  await seedAdviceFixture(t, krayId);
});
afterAll(async () => t?.close());

async function auditCount(action: string, entityType = 'report'): Promise<number> {
  return (await listAudit(db, { entityType, action, limit: 1000 })).total;
}

describe('dashboard figures (hand-computed fixture)', () => {
  it('Kray: current period against the previous one', async () => {
    const d = await dashboard(ctxFor(t, principal('viewer', { areaIds: [krayId] })), 'kray', period, 'de');
    const littering = await categoryId(t, 'littering');
    const other = await categoryId(t, 'other');
    const green = await categoryId(t, 'green_spaces');
    // Current: A1–A5 + B littering, C other, D green spaces = 8; resolved A1 (4 d), B (10 d), D (1 d).
    expect(d.concerns.current).toMatchObject({
      received: 8,
      byCategory: [
        { key: littering, count: 6 },
        ...[
          { key: other, count: 1 },
          { key: green, count: 1 },
        ].sort((a, b) => a.key.localeCompare(b.key)),
      ],
      byStatus: [
        { key: 'received', count: 5 },
        { key: 'resolved', count: 3 },
      ],
      byArea: [{ key: krayId, count: 8 }],
      resolved: 3,
      medianDaysToResolution: 4,
    });
    // Previous: E only (open); F lies before both periods; G is in Karnap.
    expect(d.concerns.previous).toMatchObject({ received: 1, resolved: 0, medianDaysToResolution: null });
    // Modules without activity in the fixture answer zeros (their own tests check their figures by hand).
    expect(d.contacts.current).toEqual({ total: 0, byActorType: [], byLogic: [], byChannel: [] });
    expect(d.groups.current).toMatchObject({ movesForward: 0, becameSelfSustaining: 0, supportHours: 0 });
    // Advice (offices module): days 2, 10, 40 in the period, day −10 before it.
    expect(d.adviceVisible).toBe(true);
    expect(d.offices.current.advice).toEqual({
      total: 3,
      referred: 2,
      minutes: 135,
      byTopic: [
        { key: 'benefits', count: 2 },
        { key: 'debt', count: 1 },
        { key: 'housing', count: 1 },
      ],
      byLanguage: [
        { key: 'ar', count: 1 },
        { key: 'de', count: 1 },
        { key: 'tr', count: 1 },
      ],
      byReferral: [
        { key: 'jobcenter', count: 2 },
        { key: 'debt_counselling', count: 1 },
      ],
    });
    expect(d.offices.previous.advice).toMatchObject({ total: 1, referred: 0, minutes: 15 });
    expect(d.scope).toMatchObject({ kind: 'area', key: krayId, partial: false });
  });

  it('the programme: every area for "all areas", only their areas for a scoped viewer', async () => {
    const all = await dashboard(ctxFor(t, principal('coordinator')), null, period, 'de');
    expect(all.concerns.current.received).toBe(9);
    const count = (list: { key: string; count: number }[], key: string) => list.find((x) => x.key === key)?.count ?? 0;
    expect([count(all.concerns.current.byArea, krayId), count(all.concerns.previous.byArea, krayId)]).toEqual([8, 1]);
    expect([count(all.concerns.current.byArea, karnapId), count(all.concerns.previous.byArea, karnapId)]).toEqual([1, 0]);
    expect(Object.keys(all.labels.areas)).toHaveLength(4); // the four Essen programme areas, every one labelled
    expect(all.scope.partial).toBe(false);
    const mine = await dashboard(ctxFor(t, principal('viewer', { areaIds: [karnapId] })), null, period, 'de');
    expect(mine.concerns.current.received).toBe(1);
    expect(mine.scope).toMatchObject({ partial: true, areaIds: [karnapId] });
    expect(mine.offices.current.advice.total).toBe(0);
    // Moderators may read reports but not the offices' advice statistics: the section says so (never zero).
    const moderator = await dashboard(ctxFor(t, principal('moderator', { areaIds: [krayId] })), 'kray', period, 'de');
    expect(moderator.adviceVisible).toBe(false);
  });

  it('a contact logged in the network module reaches the dashboard (wiring, not only zeros)', async () => {
    const coordinator = ctxFor(t, principal('coordinator'));
    await logContact(coordinator, { occurredOn: period.to, channel: 'phone', areaId: krayId, personIds: [], orgIds: [], topicIds: [] });
    const d = await dashboard(ctxFor(t, principal('viewer', { areaIds: [krayId] })), 'kray', period, 'de');
    expect(d.contacts.current).toEqual({ total: 1, byActorType: [{ key: 'none', count: 1 }], byLogic: [{ key: 'none', count: 1 }], byChannel: [{ key: 'phone', count: 1 }] });
    expect(d.contacts.previous.total).toBe(0);
    const other = await dashboard(ctxFor(t, principal('viewer', { areaIds: [karnapId] })), 'karnap', period, 'de');
    expect(other.contacts.current.total).toBe(0);
  });

  it('refuses an area outside the viewer’s scope and audits every view', async () => {
    const before = await auditCount('view');
    await expect(dashboard(ctxFor(t, principal('viewer', { areaIds: [karnapId] })), 'kray', period, 'de')).rejects.toMatchObject({ status: 403 });
    await dashboard(ctxFor(t, principal('viewer', { areaIds: [krayId] })), 'kray', period, 'de');
    expect(await auditCount('view')).toBe(before + 1);
    const entry = (await listAudit(db, { entityType: 'report', action: 'view', limit: 1 })).entries[0]!;
    expect(entry.entityId).toBe(krayId);
    expect(entry.changes).toMatchObject({ report: { to: 'dashboard' }, from: { to: period.from }, to: { to: period.to } });
  });

  it('pages: every section with its tables, charts as SVG beside their tables, period errors, 403 out of scope', async () => {
    const viewer = await signedInClient(t, 'viewer', { allAreas: false, areaIds: [krayId] });
    const res = await viewer.get(`/staff/reports/areas/kray?from=${period.from}&to=${period.to}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg role="img" aria-label="Anliegen nach Thema"');
    expect(html).toMatch(/<caption[^>]*>Anliegen nach Thema<\/caption>/);
    for (const section of ['concerns', 'contacts', 'dialogues', 'meetings', 'offers', 'rooms', 'advice', 'groups', 'indicators']) expect(html).toContain(`id="sec-${section}"`);
    for (const caption of ['Kontakte nach Art der Organisation', 'Dialoge nach Phase', 'Vereinbarungen', 'Sitzungen und Teilnahme', 'Angebote und Termine', 'Raumnutzung', 'Gruppen nach Stufe'])
      expect(html).toMatch(new RegExp(`(<caption[^>]*>|<h3 class="kern-heading-small">)${caption}</`));
    // A breakdown without any count has no chart (only its table, which says so).
    expect(html).not.toContain('aria-label="Dialoge nach Phase"');
    expect(html).toContain('<svg role="img" aria-label="Beratungen nach Thema"');
    expect(html).toMatch(/<caption[^>]*>Beratungen nach Sprache<\/caption>/);
    expect(html).not.toContain('Noch keine Daten');
    expect(html).not.toMatch(/Sperrmüll und Matratzen/);
    const bad = await viewer.get('/staff/reports/areas/kray?from=2025-05-01&to=2025-04-01');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Das Ende des Zeitraums darf nicht vor dem Anfang liegen.');
    expect((await viewer.get('/staff/reports/areas/karnap')).status).toBe(403);
    const programme = await viewer.get('/staff/reports');
    expect(await programme.text()).toContain('/staff/reports/areas/kray');
  });
});

describe('social indicators', () => {
  it('imports the made-up fixture in one go, with source and year on every figure', async () => {
    const admin = ctxFor(t, principal('admin'));
    const r = await importIndicators(admin, fixture('made-up-indicators.csv'), 'made-up-indicators.csv');
    expect(r).toEqual({ ok: true, imported: 4 });
    const rows = await listIndicatorsFor(admin, { districtNumber: 27 });
    expect(rows.map((x) => [x.indicator, x.year, x.value])).toEqual([
      ['population', 2024, 21500],
      ['population', 2023, 21000],
      ['sgb2_share', 2024, 24.5],
    ]);
    expect(rows[0]!.source).toContain('MADE UP');
    expect(await auditCount('import', 'report_indicators')).toBe(1);
  });

  it('a file with mistakes changes nothing and names line, column and problem', async () => {
    const admin = ctxFor(t, principal('admin'));
    const before = await listIndicatorsFor(admin);
    const r = await importIndicators(admin, fixture('made-up-indicators-broken.csv'), 'broken.csv');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.line, p.column, p.key])).toEqual([
      [3, 'district_number', 'reports.import.error.unknownDistrict'],
      [4, 'year', 'reports.import.error.year'],
      [5, null, 'reports.import.error.duplicate'],
    ]);
    expect(await listIndicatorsFor(admin)).toEqual(before);
  });

  it('only admins and coordinators import; the form shows the row problems', async () => {
    await expect(importIndicators(ctxFor(t, principal('moderator')), fixture('made-up-indicators.csv'), null)).rejects.toMatchObject({ status: 403 });
    const admin = await signedInClient(t, 'admin');
    await admin.get('/staff/reports/indicators/import');
    const fd = new FormData();
    fd.append('_csrf', admin.csrf);
    fd.append('file', new Blob([fixture('made-up-indicators-broken.csv')], { type: 'text/csv' }), 'broken.csv');
    const res = await admin.request('/staff/reports/indicators/import', { method: 'POST', body: fd, headers: { origin: `http://${admin.host}` } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Einen Stadtteil mit der Nummer 77 gibt es nicht.');
    expect(html).toContain('href="#f-file"');
    const ok = await admin.post('/staff/reports/indicators/import', { text: 'district_number,indicator,year,value,source,licence\n27,households,2024,10400,MADE UP,CC0-1.0\n' });
    expect(ok.status).toBe(303);
    const list = await (await admin.get('/staff/reports/indicators?district=27')).text();
    expect(list).toContain('Haushalte');
    expect(list).toContain('MADE UP');
  });

  it('the other tenant sees none of them', async () => {
    const other = ctxFor(t, principal('admin'), { tenantId: t.other.id });
    expect(await listIndicatorsFor(other)).toEqual([]);
  });
});

describe('open data', () => {
  it('CSV per Stadtteil and month with cells below 5 suppressed, audited', async () => {
    const before = await auditCount('export');
    const res = await t.client().get('/open-data/concerns-by-district-month.csv');
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('district_number,district_name,month,concerns_received,suppressed');
    expect(lines.length - 1).toBe(50 * 24);
    const month = period.from.slice(0, 7);
    const cell = (d: number, m: string) => lines.find((l) => l.startsWith(`${d},`) && l.includes(`,${m},`))!;
    expect(cell(krayDistrict, month)).toMatch(/,5,false$/);
    const monthB = new Date(Date.parse(`${period.from}T00:00:00Z`) + 39 * 86_400_000).toISOString().slice(0, 7);
    expect(cell(krayDistrict, monthB)).toMatch(/,,true$/);
    expect(cell(karnapDistrict, month)).toMatch(/,,true$/);
    expect(await auditCount('export')).toBe(before + 1);
  });

  it('GeoJSON per Stadtteil with geometry, and public concerns without personal data', async () => {
    const anon = t.client();
    const geo = (await (await anon.get('/open-data/concerns-by-district-month.geojson')).json()) as any;
    expect(geo.features).toHaveLength(50);
    const kray = geo.features.find((f: any) => f.properties.district_number === krayDistrict);
    expect(['Polygon', 'MultiPolygon']).toContain(kray.geometry.type);
    expect(kray.properties.concerns_received[period.from.slice(0, 7)]).toBe(5);
    const pts = await anon.get('/open-data/public-concerns.geojson');
    expect(pts.headers.get('content-type')).toContain('application/geo+json');
    const body = await pts.text();
    const fc = JSON.parse(body);
    expect(fc.features).toHaveLength(11); // A1–A5, B, C, D, E, F (Kray) and G (Karnap)
    expect(Object.keys(fc.features[0].properties).sort()).toEqual(['category', 'category_label', 'closed', 'created', 'district_number', 'number', 'status']);
    expect(body).not.toContain('Sperrmüll und Matratzen');
  });

  it('DCAT-AP.de catalogue (JSON-LD) at a stable URL', async () => {
    const res = await t.client().get('/open-data/catalog.jsonld');
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    const cat = (await res.json()) as any;
    expect(cat['@type']).toBe('dcat:Catalog');
    // dct:spatial from the territory data set's municipality key (Essen: 05113000), not a constant.
    expect(cat['dcat:dataset'][0]['dct:spatial']).toEqual({ '@id': 'http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05113000' });
    expect(JSON.stringify(catalogue('http://x.test', 'X', ['2026-01'], '2026-01-01T00:00:00Z', null))).not.toContain('dct:spatial');
    expect(cat['dcat:dataset'].map((d: any) => d['dct:identifier'])).toEqual(['concerns-by-district-month', 'public-concerns']);
    const urls = cat['dcat:dataset'].flatMap((d: any) => d['dcat:distribution'].map((x: any) => x['dcat:downloadURL']['@id']));
    for (const u of urls) expect((await t.client().get(new URL(u).pathname)).status).toBe(200);
    // Absolute URLs on the tenant's registered host; the period ends on the last day of its last month.
    expect(urls.every((u: string) => u.startsWith('http://essen.test/open-data/'))).toBe(true);
    const end = cat['dcat:dataset'][0]['dct:temporal']['dcat:endDate'] as string;
    expect(new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).getUTCDate()).toBe(1);
    // A Host header the tenant has not registered never ends up in the catalogue.
    const forged = await t.client('attacker.example').get('/open-data/catalog.jsonld');
    expect(await forged.text()).not.toContain('attacker.example');
  });
});

describe('annual report', () => {
  const { start } = fixturePeriod();
  const year = Number(period.from.slice(0, 4));
  /** Kray concerns received in a calendar year, counted from the fixture's days. */
  const krayIn = (y: number) => FIXTURE_DAYS.kray.filter((d) => new Date(start + d * 86_400_000 + 10 * 3600_000).getUTCFullYear() === y).length;
  const base = `/staff/reports/areas/kray/annual/${year}`;
  const text = 'Schwerpunkte in Kray: Grünflächen, Müllsammelaktionen und Straßenbeleuchtung – gemeinsam mit Anwohner*innen.';

  it('figures of the calendar year against the year before; narratives saved per scope and year, audited', async () => {
    const moderator = ctxFor(t, principal('moderator', { areaIds: [krayId] }));
    await saveNarratives(moderator, 'kray', year, { summary: text, outlook: 'Ausblick für Kray.' });
    await saveNarratives(moderator, 'kray', year, { summary: text });
    const r = await annualReport(ctxFor(t, principal('viewer', { areaIds: [krayId] })), 'kray', year, 'de', 'page');
    expect(r.narratives).toEqual({ summary: text, outlook: 'Ausblick für Kray.' });
    expect(r.concerns.current.received).toBe(krayIn(year));
    expect(r.concerns.previous.received).toBe(krayIn(year - 1));
    expect(r.funding.map((f) => f.funder).length).toBeGreaterThan(0);
    // Another year and the programme keep their own texts.
    expect((await annualReport(ctxFor(t, principal('admin')), 'kray', year - 1, 'de', 'page')).narratives).toEqual({});
    expect((await annualReport(ctxFor(t, principal('admin')), null, year, 'de', 'page')).narratives).toEqual({});
    const audits = await listAudit(db, { entityType: 'report_narrative', limit: 10 });
    expect(audits.total).toBe(1); // the second save changed nothing
    await expect(saveNarratives(ctxFor(t, principal('viewer', { areaIds: [krayId] })), 'kray', year, { summary: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(saveNarratives(ctxFor(t, principal('moderator', { areaIds: [karnapId] })), 'kray', year, { summary: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(saveNarratives(moderator, null, year, { summary: 'x' })).rejects.toMatchObject({ status: 403 });
  });

  it('PDF with embedded DejaVu fonts, German text, table of contents and page numbers', async () => {
    const viewer = await signedInClient(t, 'viewer', { allAreas: false, areaIds: [krayId] });
    const before = await auditCount('export');
    const res = await viewer.get(`${base}/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: bytes, disableFontFace: true, useSystemFonts: false }).promise;
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' '));
    }
    const all = pages.join('\n');
    expect(all).toContain('Grünflächen');
    expect(all).toContain('Straßenbeleuchtung');
    expect(pages[0]).toContain(`Jahresbericht ${year}: Kray`);
    expect(pages[0]).toContain('Inhalt');
    expect(pages[0]).toMatch(/Zusammenfassung \d+/);
    expect(pages[0]).toMatch(/Zahlen: Anliegen \d+/);
    expect(pages[0]).toMatch(/Zahlen: Gruppen \d+/);
    expect(pages[0]).toContain(`Seite 1 von ${doc.numPages}`);
    expect(pages[doc.numPages - 1]).toContain(`Seite ${doc.numPages} von ${doc.numPages}`);
    // The TOC's page of a figure section is the page that carries its heading.
    const figuresPage = Number(/Zahlen: Anliegen (\d+)/.exec(pages[0]!)![1]);
    expect(pages[figuresPage - 1]).toContain('Anliegen nach Thema');
    const groupsPage = Number(/Zahlen: Gruppen (\d+)/.exec(pages[0]!)![1]);
    expect(pages[groupsPage - 1]).toContain('Entwicklung der Gruppen');
    expect(await auditCount('export')).toBe(before + 1);
  });

  it('every table as XLSX (read back with exceljs) and CSV', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const viewer = await signedInClient(t, 'viewer', { allAreas: false, areaIds: [krayId] });
    const res = await viewer.get(`${base}/tables/concerns-summary.xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const rows = ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const header = rows.findIndex((r) => r[0] === 'Kennzahl');
    expect(rows[header]).toEqual(['Kennzahl', String(year), String(year - 1)]);
    expect(rows[header + 1]).toEqual(['Eingegangen', krayIn(year), krayIn(year - 1)]);
    const csv = await (await viewer.get(`${base}/tables/concerns-summary.csv`)).text();
    expect(csv.split('\r\n')[1]).toBe(`Eingegangen,${krayIn(year)},${krayIn(year - 1)}`);
    expect((await viewer.get(`${base}/tables/unknown.csv`)).status).toBe(404);
    // Advice entries (days 2, 10, 40, −10 of the fixture) per calendar year.
    const adviceIn = (y: number) => [2, 10, 40, -10].filter((d) => new Date(start + d * 86_400_000).getUTCFullYear() === y).length;
    const advice = await (await viewer.get(`${base}/tables/advice-summary.csv`)).text();
    expect(advice.split('\r\n')[1]).toBe(`Beratungen,${adviceIn(year)},${adviceIn(year - 1)}`);
    const ind = await (await viewer.get(`${base}/tables/indicators.csv`)).text();
    expect(ind.split('\r\n')[0]).toBe('Stadtteil,Indikator,Jahr,Wert,Quelle,Lizenz');
  });

  it('print-ready page with contents, narratives, charts with tables; edit form for moderators only', async () => {
    const viewer = await signedInClient(t, 'viewer', { allAreas: false, areaIds: [krayId] });
    const html = await (await viewer.get(base)).text();
    expect(html).toContain(text);
    expect(html).toContain('href="#fig-concerns"');
    expect(html).toContain('href="#fig-groups"');
    expect(html).toContain('<svg role="img"');
    expect(html).not.toContain(`${base}/edit`);
    expect((await viewer.get(`${base}/edit`)).status).toBe(403);
    const moderator = await signedInClient(t, 'moderator', { allAreas: false, areaIds: [krayId] });
    expect(await (await moderator.get(base)).text()).toContain(`${base}/edit`);
    await moderator.get(`${base}/edit`);
    const saved = await moderator.post(`${base}/edit`, { summary: 'Neu: Überblick', highlights: '', cooperation: '', outlook: 'Ausblick für Kray.' });
    expect(saved.status).toBe(303);
    const tooLong = await moderator.post(`${base}/edit`, { summary: 'x'.repeat(20001) });
    expect(tooLong.status).toBe(422);
    expect((await annualReport(ctxFor(t, principal('admin')), 'kray', year, 'de', 'page')).narratives.summary).toBe('Neu: Überblick');
  });
});
