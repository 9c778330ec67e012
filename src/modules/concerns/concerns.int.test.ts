/**
 * Concerns on a real database (SQLite and PostgreSQL): catalogue, public numbers under concurrency, placement via
 * the territory lookups, public intake with validation and e-mail confirmation, workflow and department scoping,
 * notifications as .eml files, inbox filters, bulk actions, CSV, support/follow, duplicate suggestions, merge,
 * redaction without a trace, anonymisation, and the JSON API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { DiskStorage, setFileStorage } from '../../platform/files';
import { enqueue, registeredSchedules } from '../../platform/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, type AuditTables } from '../../platform/audit';
import { search } from '../../platform/db/search';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp, type TestClient } from '../../../test/support/app';
import { apiClient, lastMailTo, linkIn, mails, signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, seedTerritory } from '../territory';
import {
  addNote,
  anonymiseClosedConcerns,
  editConcern,
  findConcernByNumber,
  getConcernForStaff,
  listCategories,
  listConcernsForStaff,
  mergeConcerns,
  redactConcern,
  submitConcern,
  suggestDuplicates,
  supportConcern,
  transitionConcern,
} from './index';
import { KARNAP, KRAY, RUETTENSCHEID, categoryId, ctxFor, drainJobs, forwardedConcern, makeConcern, principal } from './test/factories';
import { numberYear } from './concerns.rules';
import { confirmEmailTarget, hashToken } from './concerns.service';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let karnapId: string;
let filesDir: string;

beforeAll(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-concern-files-'));
  setFileStorage(new DiskStorage(filesDir));
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  karnapId = (await getAreaBySlug(db, 'karnap'))!.id;
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

/** Follows a confirmation link like a person: the page with the button (GET), then the button (POST). */
async function confirmByButton(client: TestClient, link: string): Promise<Response> {
  expect((await client.get(link)).status).toBe(200);
  return client.post(link);
}

function storedFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else out.push(e.name);
    }
  };
  walk(filesDir);
  return out;
}

/** A multipart form post from a client (with its CSRF token). */
async function postMultipart(client: ReturnType<TestApp['client']>, url: string, fields: Record<string, string>, files: { name: string; type: string; data: Uint8Array }[] = []) {
  const fd = new FormData();
  fd.append('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('photos', new Blob([f.data], { type: f.type }), f.name);
  return client.request(url, { method: 'POST', body: fd, headers: { origin: `http://${client.host}` } });
}

async function countConcerns(tenantId = t.tenant.id): Promise<number> {
  const r = await t.handle.db.selectFrom('concerns').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

const admin = () => ctxFor(t, principal('admin'), { mail: true });

describe('categories', () => {
  it('seeds the shared topics per tenant, once', async () => {
    const cats = await listCategories(db);
    expect(cats.map((c) => c.key)).toEqual(['littering', 'green_spaces', 'traffic', 'housing', 'safety', 'living_together', 'participation', 'other']);
    expect(cats[0]).toMatchObject({ department: 'Entsorgungsbetriebe Essen', handlingDays: 7, labels: { en: 'Littering and illegal dumping' } });
    expect(cats[0]!.questions[0]).toMatchObject({ key: 'amount', type: 'choice' });
    expect(await listCategories(db)).toHaveLength(8);
    expect(await listCategories(forTenant(t.handle.db, t.other.id))).toHaveLength(8);
  });
});

describe('category management', () => {
  it('lets managers change labels, department, handling time and questions, validated and audited', async () => {
    const id = await categoryId(t, 'other');
    const coord = await signedInClient(t, 'coordinator');
    expect((await coord.get('/staff/concerns/categories')).status).toBe(200);
    const formRes = await coord.get(`/staff/concerns/categories/${id}/edit`);
    const form = await formRes.text();
    expect(formRes.status, form.slice(form.indexOf('<main'), form.indexOf('<main') + 600)).toBe(200);
    expect(form).toContain('Sonstiges');
    const fields = { labelDe: 'Sonstiges', labelEn: 'Other', labelAr: 'أخرى', department: 'Bürgeramt', handlingDays: '10', active: '1' };
    const bad = await coord.post(`/staff/concerns/categories/${id}`, { ...fields, questions: '[{"key": "x", "type": "choice"' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('href="#f-questions"');
    const questions = JSON.stringify([{ key: 'since', label: { de: 'Seit wann?', en: 'Since when?', ar: null }, type: 'text', required: false }]);
    expect((await coord.post(`/staff/concerns/categories/${id}`, { ...fields, questions })).status).toBe(303);
    const cat = (await listCategories(db)).find((c) => c.id === id)!;
    expect(cat).toMatchObject({ department: 'Bürgeramt', handlingDays: 10, questions: [{ key: 'since', type: 'text' }] });
    const audit = (await listAudit(db as unknown as TenantDb<AuditTables>, { entityType: 'concern_category', entityId: id })).entries;
    expect(audit[0]!.changes.handlingDays).toEqual({ from: 14, to: 10 });
    const mod = await signedInClient(t, 'moderator');
    expect((await mod.get(`/staff/concerns/categories/${id}/edit`)).status).toBe(403);
  });
});

describe('public numbers', () => {
  it('are unique and gapless per tenant and year under concurrent submissions', async () => {
    const before = await countConcerns();
    const made = await Promise.all(Array.from({ length: 12 }, () => makeConcern(t, { description: 'Parallel eingereicht: Müll am Weg.' })));
    const seqs = made.map((c) => Number(c.number.split('-')[1])).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(12);
    expect(seqs[11]! - seqs[0]!).toBe(11);
    expect(made[0]!.number).toMatch(new RegExp(`^${numberYear(new Date().toISOString())}-\\d{6}$`));
    expect(await countConcerns()).toBe(before + 12);
    const other = await makeConcern(t, { tenantId: t.other.id });
    expect(other.number.endsWith('-000001')).toBe(true);
  });
});

describe('placement', () => {
  it('places a point in its Stadtteil and programme area', async () => {
    const c = await makeConcern(t, KRAY);
    expect(c.areaId).toBe(krayId);
    expect(c.districtName).toBe('Kray');
    const outside = await makeConcern(t, { ...RUETTENSCHEID });
    expect(outside).toMatchObject({ districtName: 'Rüttenscheid', areaId: null });
  });

  it('places an address through the street list, or the chosen Stadtteil', async () => {
    const c = await makeConcern(t, { lat: null, lon: null, address: 'Karnaper Str. 100' });
    expect(c).toMatchObject({ districtNumber: 40, districtName: 'Karnap', areaId: karnapId, lat: null });
    const chosen = await makeConcern(t, { lat: null, lon: null, districtNumber: 40 });
    expect(chosen.areaId).toBe(karnapId);
  });

  it('asks for the Stadtteil when a street crosses a border, and for some location at all', async () => {
    await expect(makeConcern(t, { lat: null, lon: null, address: 'Rüttenscheider Straße 5' })).rejects.toMatchObject({ status: 422, details: { fields: [{ field: 'districtNumber', key: 'concerns.error.chooseDistrict' }] } });
    await expect(makeConcern(t, { lat: null, lon: null })).rejects.toMatchObject({ status: 422, details: { fields: [{ field: 'address', key: 'concerns.error.locationRequired' }] } });
    await expect(makeConcern(t, { lat: 48.1, lon: 11.5 })).rejects.toMatchObject({ status: 422 });
  });
});

describe('public intake', () => {
  it('shows the form without a map requirement and keeps values with an error summary on mistakes (nothing stored)', async () => {
    const anon = t.client();
    const form = await anon.get('/concerns/new');
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('name="districtNumber"');
    expect(html).toContain('Datenschutz');
    const before = await countConcerns();
    const res = await anon.post('/concerns', { categoryId: '', description: 'Mein Text bleibt stehen', address: '' });
    expect(res.status).toBe(422);
    const body = await res.text();
    expect(body).toContain('id="error-summary"');
    expect(body).toContain('Mein Text bleibt stehen');
    expect(body).toContain('href="#f-categoryId"');
    const cat = await categoryId(t, 'littering');
    const bad = await anon.post('/concerns', { categoryId: cat, description: 'Text', districtNumber: '40', q_amount: 'tons' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('href="#f-q_amount"');
    expect(await countConcerns()).toBe(before);
  });

  it('stores a concern, e-mails a confirmation link, and never shows the submitter publicly', async () => {
    const anon = t.client();
    await anon.get('/concerns/new');
    const cat = await categoryId(t, 'green_spaces');
    const res = await anon.post('/concerns', {
      categoryId: cat,
      description: 'Die Schaukel auf dem Spielplatz ist kaputt.',
      address: 'Karnaper Straße 100',
      name: 'Erika Anwohnerin',
      email: 'erika@example.test',
      subscribe: '1',
      q_danger: '1',
    });
    expect(res.status).toBe(303);
    const loc = res.headers.get('location')!;
    expect(loc).toMatch(/^\/concerns\/\d{4}-\d{6}$/);
    const page = await (await anon.get(loc)).text();
    expect(page).toContain('Die Schaukel auf dem Spielplatz ist kaputt.');
    expect(page).toContain('Karnap');
    expect(page).not.toContain('erika@example.test');
    expect(page).not.toContain('Erika Anwohnerin');
    const mail = lastMailTo(t, 'erika@example.test')!;
    expect(mail.subject).toContain(loc.split('/').pop()!);
    const link = linkIn(mail, '/concerns/confirm/');
    const confirm = await anon.get(link);
    expect(confirm.status).toBe(200);
    expect((await findConcernByNumber(db, loc.split('/').pop()!))!.emailConfirmedAt).toBeNull();
    const confirmed = await anon.post(link);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(loc);
    const concern = (await findConcernByNumber(db, loc.split('/').pop()!))!;
    expect(concern.emailConfirmedAt).not.toBeNull();
    expect(concern.answers).toEqual({ danger: true });
    expect((await anon.post(link)).status).toBe(404);
    expect((await anon.get(link)).status).toBe(404);
    // The public list and API show it without private data.
    const list = await (await anon.get('/concerns')).text();
    expect(list).toContain(concern.number);
    const api = await (await anon.request(`/api/v1/concerns/${concern.number}`)).text();
    expect(api).not.toContain('erika');
  });

  it('confirms by the button only: GET and HEAD change nothing, no CSRF refused, POST once, then 404; bad links 404', async () => {
    const email = 'scanner@example.test';
    const r = await submitConcern(ctxFor(t, null, { mail: true }), { categoryId: await categoryId(t, 'traffic'), description: 'Schlagloch vor der Schule.', channel: 'web', ...KRAY, email, subscribe: true, locale: 'de' });
    const link = linkIn(lastMailTo(t, email)!, '/concerns/confirm/');
    const token = link.split('/').pop()!;
    const state = async () => ({
      confirmed: (await findConcernByNumber(db, r.concern.number))!.emailConfirmedAt,
      used: (await t.handle.db.selectFrom('concern_tokens').select('used_at').where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow()).used_at,
      audit: (await t.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', r.concern.id).where('action', '=', 'confirm:submitter').execute()).length,
    });
    const before = await state();
    expect(before).toEqual({ confirmed: null, used: null, audit: 0 });
    const anon = t.client();
    for (let i = 0; i < 3; i++) {
      const page = await anon.get(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<h1 class="kern-heading-large">E-Mail-Adresse bestätigen</h1>');
      expect(html).toContain(`über den Stand Ihres Anliegens ${r.concern.number} per E-Mail informiert werden`);
      expect(html).toMatch(new RegExp(`<form action="/concerns/confirm/${token}" method="post"`));
    }
    expect((await anon.request(link, { method: 'HEAD' })).status).toBe(200);
    expect(await state()).toEqual(before);
    expect((await anon.post(link, {}, { csrf: null })).status).toBe(403);
    expect((await anon.post(link, {}, { csrf: 'forged' })).status).toBe(403);
    expect(await state()).toEqual(before);

    const ok = await anon.post(link);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/concerns/${r.concern.number}`);
    expect(await (await anon.get(`/concerns/${r.concern.number}`)).text()).toContain('Sie bekommen ab jetzt eine E-Mail');
    const after = await state();
    expect(after.confirmed).not.toBeNull();
    expect(after.used).not.toBeNull();
    expect(after.audit).toBe(1);
    const again = await anon.post(link);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('Dieser Bestätigungslink ist abgelaufen oder wurde schon benutzt.');
    expect((await anon.get(link)).status).toBe(404);
    expect(await state()).toEqual(after);

    // Unknown and expired links: 404 on GET and POST.
    expect((await anon.get('/concerns/confirm/not-a-valid-token')).status).toBe(404);
    expect((await anon.post('/concerns/confirm/not-a-valid-token')).status).toBe(404);
    const late = await submitConcern(ctxFor(t, null, { mail: true }), { categoryId: await categoryId(t, 'traffic'), description: 'Ampel defekt.', channel: 'web', ...KRAY, email: 'late@example.test', subscribe: true, locale: 'de' });
    const lateLink = linkIn(lastMailTo(t, 'late@example.test')!, '/concerns/confirm/');
    await t.handle.db.updateTable('concern_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('concern_id', '=', late.concern.id).execute();
    expect(await confirmEmailTarget(db, lateLink.split('/').pop()!)).toBeNull();
    expect((await anon.get(lateLink)).status).toBe(404);
    expect((await anon.post(lateLink)).status).toBe(404);
    expect((await findConcernByNumber(db, late.concern.number))!.emailConfirmedAt).toBeNull();
  });

  it('a follower confirms by the button; a concern no longer public leads back to the list', async () => {
    const c = await makeConcern(t);
    const browser = t.client();
    await browser.get(`/concerns/${c.number}`);
    expect((await browser.post(`/concerns/${c.number}/follow`, { email: 'folgt@example.test' })).status).toBe(303);
    const link = linkIn(lastMailTo(t, 'folgt@example.test')!, '/concerns/confirm/');
    const page = await browser.get(link);
    expect(await page.text()).toContain(`dem Anliegen ${c.number} folgen`);
    const supporter = () => t.handle.db.selectFrom('concern_supporters').select('email_confirmed_at').where('concern_id', '=', c.id).where('email', '=', 'folgt@example.test').executeTakeFirstOrThrow();
    expect((await supporter()).email_confirmed_at).toBeNull();
    await editConcern(admin(), c.id, { public: false });
    const ok = await browser.post(link);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/concerns');
    expect((await supporter()).email_confirmed_at).not.toBeNull();
  });

  it('suggests likely duplicates (same category, near, recent, similar words) before storing', async () => {
    const cat = await categoryId(t, 'littering');
    const first = await makeConcern(t, { description: 'Wilder Sperrmüll mit Matratzen neben dem Glascontainer', lat: 51.4749, lon: 7.0872 });
    const hits = await suggestDuplicates(db, { categoryId: cat, description: 'Matratzen und Sperrmüll liegen am Glascontainer', lat: 51.4748, lon: 7.0871 });
    expect(hits.map((h) => h.number)).toContain(first.number);
    expect(await suggestDuplicates(db, { categoryId: cat, description: 'Matratzen und Sperrmüll am Glascontainer', lat: 51.49, lon: 7.0871 })).toEqual([]);
    expect(await suggestDuplicates(db, { categoryId: cat, description: 'Laute Musik nachts', lat: 51.4748, lon: 7.0871 })).toEqual([]);
    const anon = t.client();
    await anon.get('/concerns/new');
    const before = await countConcerns();
    const res = await anon.post('/concerns', { categoryId: cat, description: 'Matratzen und Sperrmüll liegen am Glascontainer', lat: '51.4748', lon: '7.0871' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(first.number);
    expect(html).toContain('name="skipDuplicates"');
    expect(await countConcerns()).toBe(before);
    const anyway = await anon.post('/concerns', { categoryId: cat, description: 'Matratzen und Sperrmüll liegen am Glascontainer', lat: '51.4748', lon: '7.0871', skipDuplicates: '1' });
    expect(anyway.status).toBe(303);
  });
});

describe('workflow', () => {
  it('allows the defined transitions and refuses others', async () => {
    const c = await makeConcern(t);
    await expect(transitionConcern(admin(), c.id, { to: 'resolved' })).rejects.toMatchObject({ status: 409 });
    await expect(transitionConcern(admin(), c.id, { to: 'rejected' })).rejects.toMatchObject({ status: 422 });
    await transitionConcern(admin(), c.id, { to: 'accepted' });
    const f = await transitionConcern(admin(), c.id, { to: 'forwarded' });
    expect(f.department).toBe('Entsorgungsbetriebe Essen');
    await transitionConcern(admin(), c.id, { to: 'in_progress' });
    const r = await transitionConcern(admin(), c.id, { to: 'resolved', note: 'Abgeholt.' });
    expect(r.closedAt).not.toBeNull();
    await expect(transitionConcern(admin(), c.id, { to: 'rejected', reason: 'x' })).rejects.toMatchObject({ status: 409 });
    const reopened = await transitionConcern(admin(), c.id, { to: 'in_progress' });
    expect(reopened.closedAt).toBeNull();
    const nr = await transitionConcern(admin(), (await makeConcern(t)).id, { to: 'not_responsible', reason: 'Privatgrundstück: bitte an die Hausverwaltung wenden.' });
    expect(nr.statusReason).toContain('Hausverwaltung');
    const { events } = await getConcernForStaff(admin(), c.id);
    expect(events.map((e) => e.toStatus ?? e.kind)).toEqual(['received', 'accepted', 'forwarded', 'in_progress', 'resolved', 'in_progress']);
  });

  it('lets department staff see and answer only what was forwarded to their department', async () => {
    const mine = await forwardedConcern(t, 'Grün und Gruga');
    const theirs = await forwardedConcern(t, 'Ordnungsamt');
    const notYet = await makeConcern(t);
    const dept = ctxFor(t, principal('department_staff', { department: 'Grün und Gruga', id: 'usr_deptgruen01' }));
    const list = await listConcernsForStaff(dept, { limit: 500 });
    expect(list.items.map((c) => c.id)).toContain(mine.id);
    expect(list.items.map((c) => c.id)).not.toContain(theirs.id);
    expect(list.items.map((c) => c.id)).not.toContain(notYet.id);
    await expect(getConcernForStaff(dept, theirs.id)).rejects.toMatchObject({ status: 403 });
    await expect(transitionConcern(dept, theirs.id, { to: 'in_progress' })).rejects.toMatchObject({ status: 403 });
    await expect(transitionConcern(dept, mine.id, { to: 'accepted' })).rejects.toMatchObject({ status: 409 });
    await expect(transitionConcern(dept, mine.id, { to: 'duplicate', duplicateOf: theirs.number })).rejects.toMatchObject({ status: 403 });
    const done = await transitionConcern(dept, mine.id, { to: 'resolved', note: 'Schaukel ersetzt.' });
    expect(done.status).toBe('resolved');
    await addNote(dept, mine.id, { text: 'Intern: Rechnung folgt', visibility: 'internal' });
    // Over HTTP: the detail page of another department's concern is refused.
    const browser = await signedInClient(t, 'department_staff', { department: 'Grün und Gruga' });
    expect((await browser.get(`/staff/concerns/${mine.id}`)).status).toBe(200);
    expect((await browser.get(`/staff/concerns/${theirs.id}`)).status).toBe(403);
    const inbox = await (await browser.get('/staff/concerns?status=closed')).text();
    expect(inbox).toContain(mine.number);
    expect(inbox).not.toContain(theirs.number);
  });

  it('scopes area staff: a Karnap moderator sees Karnap concerns, not Kray ones', async () => {
    const kray = await makeConcern(t, KRAY);
    const karnap = await makeConcern(t, KARNAP);
    const mod = ctxFor(t, principal('moderator', { areaIds: [karnapId] }));
    const ids = (await listConcernsForStaff(mod, { limit: 500 })).items.map((c) => c.id);
    expect(ids).toContain(karnap.id);
    expect(ids).not.toContain(kray.id);
    await expect(transitionConcern(mod, kray.id, { to: 'accepted' })).rejects.toMatchObject({ status: 403 });
    const outside = await makeConcern(t, RUETTENSCHEID);
    await expect(getConcernForStaff(mod, outside.id)).rejects.toMatchObject({ status: 403 });
    expect((await getConcernForStaff(ctxFor(t, principal('coordinator')), outside.id)).concern.id).toBe(outside.id);
  });

  it('e-mails confirmed subscribers on public changes only', async () => {
    const email = 'abo@example.test';
    const r = await submitConcern(ctxFor(t, null, { mail: true }), { categoryId: await categoryId(t, 'traffic'), description: 'Ampel zu kurz grün.', channel: 'web', ...KRAY, email, subscribe: true, locale: 'en' });
    const confirmMail = lastMailTo(t, email)!;
    await transitionConcern(admin(), r.concern.id, { to: 'accepted' });
    await drainJobs(t);
    expect(mails(t).filter((m) => m.to.includes(email))).toHaveLength(1); // not confirmed yet: nothing more
    expect((await confirmByButton(t.client(), linkIn(confirmMail, '/concerns/confirm/'))).status).toBe(303);
    await transitionConcern(admin(), r.concern.id, { to: 'forwarded', note: 'Wir haben das Amt informiert.' });
    expect(mails(t).filter((m) => m.to.includes(email))).toHaveLength(1); // queued, not yet sent
    await drainJobs(t);
    const update = lastMailTo(t, email)!;
    expect(update.subject).toBe(`Update on concern ${r.concern.number}`);
    expect(update.text).toContain('Forwarded');
    expect(update.text).toContain('Wir haben das Amt informiert.');
    await addNote(admin(), r.concern.id, { text: 'nur intern', visibility: 'internal' });
    await drainJobs(t);
    expect(mails(t).filter((m) => m.to.includes(email))).toHaveLength(2);
  });
});

describe('staff inbox', () => {
  it('filters, bulk-forwards and bulk-assigns, and exports CSV (contact data only for roles that may see it)', async () => {
    const a = await makeConcern(t, { categoryKey: 'safety', description: 'Dunkle Unterführung', name: 'Karl Kontakt', email: 'karl@example.test' });
    const b = await makeConcern(t, { categoryKey: 'safety', description: 'Kaputte Laterne' });
    const coord = await signedInClient(t, 'coordinator');
    const sid = await categoryId(t, 'safety');
    const page = await (await coord.get(`/staff/concerns?category=${sid}&status=received`)).text();
    expect(page).toContain(a.number);
    expect(page).toContain(b.number);
    const res = await coord.post('/staff/concerns/bulk', { ids: [a.id, b.id], op: 'forward', department: '' });
    expect(res.status).toBe(303);
    const fa = (await findConcernByNumber(db, a.number))!;
    expect(fa).toMatchObject({ status: 'forwarded', department: 'Ordnungsamt' });
    await coord.get('/staff/concerns');
    expect((await coord.post('/staff/concerns/bulk', { ids: [a.id, b.id], op: 'assign', assigneeId: coord.user.id })).status).toBe(303);
    expect((await findConcernByNumber(db, b.number))!.assigneeId).toBe(coord.user.id);
    const mine = await (await coord.get(`/staff/concerns?assignee=${coord.user.id}`)).text();
    expect(mine).toContain(a.number);
    await coord.get('/staff/concerns');
    expect((await coord.post('/staff/concerns/bulk', { op: 'assign' })).status).toBe(422);
    const csv = await coord.get(`/staff/concerns/export.csv?category=${sid}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain(a.number);
    expect(text).toContain('karl@example.test');
    const worker = await signedInClient(t, 'district_worker');
    const csv2 = await (await worker.get(`/staff/concerns/export.csv?category=${sid}`)).text();
    expect(csv2).toContain(a.number);
    expect(csv2).not.toContain('karl@example.test');
    expect(csv2).not.toContain('Karl Kontakt');
    const detail = await (await worker.get(`/staff/concerns/${a.id}`)).text();
    expect(detail).not.toContain('karl@example.test');
    const overdue = await (await coord.get('/staff/concerns?overdue=1&age=1')).text();
    expect(overdue).not.toContain(a.number);
  });

  it('enters a concern on behalf of a resident with its channel', async () => {
    const office = await signedInClient(t, 'office_staff', { areaIds: [krayId] });
    expect((await office.get('/staff/concerns/new')).status).toBe(200);
    const bad = await office.post('/staff/concerns', { channel: 'telepathy', categoryId: await categoryId(t, 'housing'), description: 'x', districtNumber: '27' });
    expect(bad.status).toBe(422);
    const res = await office.post('/staff/concerns', { channel: 'office_visit', categoryId: await categoryId(t, 'housing'), description: 'Schimmel in der Wohnung, Vermieter reagiert nicht.', address: 'Karnaper Straße 100', phone: '0201 123456' });
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.split('/').pop()!;
    const c = (await getConcernForStaff(admin(), id)).concern;
    expect(c).toMatchObject({ channel: 'office_visit', submitter: { phone: '0201 123456' }, createdBy: office.user.id });
  });

  it('staff entry takes photos too (multipart form): checked by content, stored re-encoded, refused with nothing stored', async () => {
    const office = await signedInClient(t, 'office_staff', { areaIds: [krayId] });
    const form = await (await office.get('/staff/concerns/new')).text();
    expect(form).toContain('enctype="multipart/form-data"');
    expect(form).toContain('name="photos"');
    const fields = { channel: 'phone', categoryId: await categoryId(t, 'littering'), description: 'Sperrmüll im Hinterhof, Foto per Messenger ans Büro geschickt.', districtNumber: '27' };
    const before = await countConcerns();
    const bad = await postMultipart(office, '/staff/concerns', fields, [{ name: 'x.png', type: 'image/png', data: new TextEncoder().encode('GIF89a-not-a-png') }]);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('href="#f-photos"');
    expect(await countConcerns()).toBe(before);
    const png = new Uint8Array(await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2a5' } }).png().toBuffer());
    const ok = await postMultipart(office, '/staff/concerns', fields, [{ name: 'hof.png', type: 'image/png', data: png }]);
    expect(ok.status).toBe(303);
    const id = ok.headers.get('location')!.split('/').pop()!;
    const { photosOf } = await import('./index');
    expect(await photosOf(db, id)).toHaveLength(1);
  });
});

describe('bundling', () => {
  it('counts support once per browser and keeps every supporter and follower on merge', async () => {
    const target = await makeConcern(t, { description: 'Müll am Spielplatz Kray' });
    const dup = await makeConcern(t, { description: 'Müllhaufen Spielplatz', email: 'dup@example.test', subscribe: true });
    const browserA = t.client();
    await browserA.get(`/concerns/${dup.number}`);
    expect((await browserA.post(`/concerns/${dup.number}/support`)).status).toBe(303);
    await browserA.get(`/concerns/${dup.number}`);
    await browserA.post(`/concerns/${dup.number}/support`);
    expect((await findConcernByNumber(db, dup.number))!.supportCount).toBe(1);
    const supportAudit = await t.handle.db.selectFrom('audit_log').select(['action', 'actor_label', 'changes']).where('entity_id', '=', dup.id).where('action', '=', 'support').execute();
    expect(supportAudit).toHaveLength(1);
    expect(supportAudit[0]!.actor_label).toBe('public');
    expect(JSON.stringify(supportAudit[0]!.changes)).toContain('supportCount');
    // A second browser follows by e-mail (confirmed by the link).
    const browserB = t.client();
    await browserB.get(`/concerns/${dup.number}`);
    expect((await browserB.post(`/concerns/${dup.number}/follow`, { email: 'not-an-email' })).status).toBe(422);
    expect((await browserB.post(`/concerns/${dup.number}/follow`, { email: 'follower@example.test' })).status).toBe(303);
    expect((await confirmByButton(browserB, linkIn(lastMailTo(t, 'follower@example.test')!, '/concerns/confirm/'))).status).toBe(303);
    const followAudit = await t.handle.db.selectFrom('audit_log').select(['changes']).where('entity_id', '=', dup.id).where('action', '=', 'follow').execute();
    expect(followAudit).toHaveLength(1);
    expect(JSON.stringify(followAudit)).not.toContain('follower@example.test');
    // Browser A also supports the target: after the merge it counts once there.
    await browserA.get(`/concerns/${target.number}`);
    await browserA.post(`/concerns/${target.number}/support`);
    await supportConcern(db, target.number, { fingerprint: 'fp-other', ipHash: 'ip-x' });
    expect((await findConcernByNumber(db, target.number))!.supportCount).toBe(2);
    // The submitter of the duplicate confirmed e-mail updates.
    expect((await confirmByButton(browserA, linkIn(lastMailTo(t, 'dup@example.test')!, '/concerns/confirm/'))).status).toBe(303);

    const coord = await signedInClient(t, 'coordinator');
    await coord.get(`/staff/concerns/${dup.id}`);
    expect((await coord.post(`/staff/concerns/${dup.id}/merge`, { target: '1999-000001' })).status).toBe(422);
    expect((await coord.post(`/staff/concerns/${dup.id}/merge`, { target: target.number })).status).toBe(303);
    const after = (await findConcernByNumber(db, target.number))!;
    // A (once), fp-other, follower B, the duplicate's submitter.
    expect(after.supportCount).toBe(4);
    const merged = (await findConcernByNumber(db, dup.number))!;
    expect(merged).toMatchObject({ status: 'duplicate', duplicateOf: target.id });
    await transitionConcern(admin(), target.id, { to: 'accepted', note: 'Wir kümmern uns.' });
    await drainJobs(t);
    expect(lastMailTo(t, 'follower@example.test')!.subject).toContain(target.number);
    expect(lastMailTo(t, 'dup@example.test')!.subject).toContain(target.number);
    const page = await (await t.client().get(`/concerns/${dup.number}`)).text();
    expect(page).toContain(`href="/concerns/${target.number}"`);
    await expect(mergeConcerns(admin(), target.id, target.id)).rejects.toMatchObject({ status: 422 });
  });
});

describe('moderation and privacy', () => {
  it('a redaction leaves no copy of the removed data in the database, the search index or the audit log', async () => {
    const secret = 'Zwetschgenkuchenbäcker';
    const c = await makeConcern(t, { description: `Herr ${secret} aus Nr. 5 wirft Müll aus dem Fenster`, name: 'Quirin Geheim', email: 'quirin@example.test', phone: '0201 999999', subscribe: true, address: 'Hinterhof Zwetschgenweg 7', districtNumber: 40, lat: null, lon: null });
    await addNote(admin(), c.id, { text: `Gespräch mit ${secret} geführt`, visibility: 'internal' });
    expect((await search(db, secret, { audience: 'public' })).map((h) => h.docId)).toContain(c.id);
    // A normal edit first: its audit entry must not hold the text either.
    const mod = await signedInClient(t, 'moderator');
    await mod.get(`/staff/concerns/${c.id}/edit`);
    expect((await mod.post(`/staff/concerns/${c.id}/edit`, { description: `${secret} wirft Müll`, categoryId: c.categoryId, public: '1' })).status).toBe(303);
    const { events } = await getConcernForStaff(admin(), c.id);
    await mod.get(`/staff/concerns/${c.id}/edit`);
    const res = await mod.post(`/staff/concerns/${c.id}/redact`, { redactDescription: '1', description: 'Jemand wirft Müll aus dem Fenster', contact: '1', address: '1', eventIds: events.filter((e) => e.kind === 'note').map((e) => e.id) });
    expect(res.status).toBe(303);
    const needles = [secret, 'Quirin Geheim', 'quirin@example.test', '0201 999999', 'Zwetschgenweg 7'];
    const tables = t.handle.dialect === 'postgres'
      ? (await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.handle.db)).rows.map((r) => r.table_name)
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'search_fts_%'`.execute(t.handle.db)).rows.map((r) => r.name);
    const found: string[] = [];
    for (const table of tables) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.handle.db)).rows;
      const text = JSON.stringify(rows);
      for (const n of needles) if (text.includes(n)) found.push(`${table}: ${n}`);
    }
    expect(found).toEqual([]);
    expect(await search(db, secret, { audience: 'staff' })).toEqual([]);
    const audit = (await listAudit(db as unknown as TenantDb<AuditTables>, { entityType: 'concern', entityId: c.id })).entries;
    expect(audit.map((a) => a.action)).toContain('redact');
    expect(JSON.stringify(audit)).not.toContain(secret);
    const after = (await getConcernForStaff(admin(), c.id)).concern;
    expect(after).toMatchObject({ description: 'Jemand wirft Müll aus dem Fenster', address: null, submitter: { name: null, email: null, phone: null }, subscribed: false });
    expect((await mod.post(`/staff/concerns/${c.id}/redact`, {})).status).toBe(422);
  });

  it('anonymises concerns closed longer than the retention period', async () => {
    const c = await makeConcern(t, { name: 'Alt', email: 'alt@example.test', subscribe: true });
    await supportConcern(db, c.number, { fingerprint: 'fp-anon', ipHash: 'ip-anon' });
    await transitionConcern(admin(), c.id, { to: 'rejected', reason: 'Kein Anliegen für das Quartier.' });
    expect(await anonymiseClosedConcerns(db, 365)).toBe(0);
    const n = await anonymiseClosedConcerns(db, 365, new Date(Date.now() + 366 * 86400_000));
    expect(n).toBeGreaterThanOrEqual(1);
    const after = (await getConcernForStaff(admin(), c.id)).concern;
    expect(after.submitter).toMatchObject({ name: null, email: null });
    expect(after.anonymisedAt).not.toBeNull();
    expect(JSON.stringify(await t.handle.db.selectFrom('concern_tokens').selectAll().execute())).not.toContain(c.id);
  });

  it('runs the anonymisation as a daily scheduled job with CONCERN_RETENTION_DAYS', async () => {
    expect(registeredSchedules().find(([k]) => k === 'concerns.anonymise')?.[1]).toEqual({ dailyAt: '03:45' });
    expect(t.config.CONCERN_RETENTION_DAYS).toBe(365);
    const c = await makeConcern(t, { email: 'retention@example.test', name: 'Rita Retention' });
    await transitionConcern(admin(), c.id, { to: 'rejected', reason: 'Kein Anliegen.' });
    await t.handle.db.updateTable('concerns').set({ closed_at: new Date(Date.now() - 400 * 86400_000).toISOString() }).where('id', '=', c.id).execute();
    await enqueue(db, 'concerns.anonymise', {});
    await drainJobs(t);
    expect((await getConcernForStaff(admin(), c.id)).concern.submitter.email).toBeNull();
  });

  it('hides a concern from the public when staff unpublish it', async () => {
    const c = await makeConcern(t);
    await editConcern(admin(), c.id, { public: false });
    expect((await t.client().get(`/concerns/${c.number}`)).status).toBe(404);
    expect((await t.client().request(`/api/v1/concerns/${c.number}`)).status).toBe(404);
    await expect(redactConcern(admin(), c.id, {})).rejects.toMatchObject({ status: 422 });
  });
});

describe('JSON API', () => {
  it('lists, reads, creates and transitions with OpenAPI-described inputs; 422 stores nothing', async () => {
    const staff = await apiClient(t, 'office_staff');
    const cat = await categoryId(t, 'other');
    const before = await countConcerns();
    const bad = await staff.json('POST', '/api/v1/concerns', { categoryId: cat, description: '', channel: 'phone' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const bad2 = await staff.json('POST', '/api/v1/concerns', { categoryId: cat, description: 'Ohne Ort', channel: 'phone' });
    expect(bad2.status).toBe(422);
    expect(await countConcerns()).toBe(before);
    const created = await staff.json('POST', '/api/v1/concerns', { categoryId: cat, description: 'Telefonisch: Bank fehlt', channel: 'phone', districtNumber: 40, submitter: { email: 'tel@example.test' } });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { number: string; open311Status: string; areaId: string };
    expect(body).toMatchObject({ open311Status: 'open', areaId: karnapId });
    expect(JSON.stringify(body)).not.toContain('tel@example.test');
    const tr = await staff.json('POST', `/api/v1/concerns/${body.number}/transition`, { to: 'rejected', reason: 'Doppelt telefonisch' });
    expect(tr.status).toBe(200);
    expect(((await tr.json()) as { open311Status: string }).open311Status).toBe('closed');
    expect((await staff.json('POST', `/api/v1/concerns/${body.number}/transition`, { to: 'resolved' })).status).toBe(409);
    const list = (await (await t.client().request('/api/v1/concerns?status=closed&limit=5')).json()) as { items: { number: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    const viewer = await apiClient(t, 'viewer');
    expect((await viewer.json('POST', '/api/v1/concerns', {})).status).toBe(403);
    const doc = (await (await t.client().request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/concerns', '/concerns/{number}', '/concerns/{number}/transition', '/concern-categories']));
  });
});

describe('photos', () => {
  it('accepts up to 3 photos checked by content, serves them publicly, refuses others with nothing stored, and deletes bytes on redaction', async () => {
    const jpeg = new Uint8Array(await sharp({ create: { width: 800, height: 600, channels: 3, background: '#48a' } }).jpeg().toBuffer());
    const anon = t.client();
    await anon.get('/concerns/new');
    const cat = await categoryId(t, 'traffic');
    const fields = { categoryId: cat, description: 'Schlagloch vor der Schule', districtNumber: '40', skipDuplicates: '1' };
    const before = await countConcerns();
    const filesBefore = storedFiles();
    const fake = await postMultipart(anon, '/concerns', fields, [{ name: 'foto.jpg', type: 'image/jpeg', data: new TextEncoder().encode('not an image at all') }]);
    expect(fake.status).toBe(422);
    expect(await fake.text()).toContain('href="#f-photos"');
    const four = await postMultipart(anon, '/concerns', fields, Array.from({ length: 4 }, (_, i) => ({ name: `${i}.jpg`, type: 'image/jpeg', data: jpeg })));
    expect(four.status).toBe(422);
    expect(await countConcerns()).toBe(before);
    expect(storedFiles()).toEqual(filesBefore);
    const ok = await postMultipart(anon, '/concerns', fields, [{ name: 'a.jpg', type: 'image/jpeg', data: jpeg }, { name: 'b.jpg', type: 'image/jpeg', data: jpeg }]);
    expect(ok.status).toBe(303);
    const number = ok.headers.get('location')!.split('/').pop()!;
    const page = await (await anon.get(`/concerns/${number}`)).text();
    const srcs = [...page.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs).toHaveLength(2);
    const img = await anon.get(srcs[0]!);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(storedFiles()).toHaveLength(filesBefore.length + 4); // two images, two thumbnails
    const concern = (await findConcernByNumber(db, number))!;
    const { photosOf } = await import('./index');
    const photos = await photosOf(db, concern.id);
    await redactConcern(admin(), concern.id, { photoIds: [photos[0]!.id] });
    expect(await photosOf(db, concern.id)).toHaveLength(1);
    expect(storedFiles()).toHaveLength(filesBefore.length + 2);
    expect(storedFiles().join()).not.toContain(photos[0]!.id);
    expect((await anon.get(`/concerns/${number}/photos/${photos[0]!.id}`)).status).toBe(404);
    // A file of another concern is not served under this number.
    const other = await makeConcern(t);
    expect((await anon.get(`/concerns/${other.number}/photos/${photos[1]!.id}`)).status).toBe(404);
  });
});

describe('abuse limits (last: they use up this client address)', () => {
  it('refuses a filled honeypot without storing anything', async () => {
    const anon = t.client();
    await anon.get('/concerns/new');
    expect(await (await anon.get('/concerns/new')).text()).toContain('name="website"');
    const before = await countConcerns();
    const res = await anon.post('/concerns', { categoryId: await categoryId(t, 'other'), description: 'Spam', districtNumber: '40', skipDuplicates: '1', website: 'http://spam.example' });
    expect(res.status).toBe(400);
    expect(await countConcerns()).toBe(before);
  });

  it('limits follows and submissions per address with a clear 429', async () => {
    const c = await makeConcern(t);
    const anon = t.client();
    await anon.get(`/concerns/${c.number}`);
    const statuses: number[] = [];
    // Earlier tests followed from this address too: the 11th follow in the hour is refused at the latest.
    for (let i = 0; i < 11 && statuses.at(-1) !== 429; i++) statuses.push((await anon.post(`/concerns/${c.number}/follow`, { email: 'x' })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 422)).toBe(true);
    await anon.get('/concerns/new');
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) last = (await anon.post('/concerns', {})).status;
    expect(last).toBe(429);
    const before = await countConcerns();
    const refused = await anon.post('/concerns', { categoryId: await categoryId(t, 'other'), description: 'Noch eins', districtNumber: '40', skipDuplicates: '1' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(await countConcerns()).toBe(before);
  });
});
