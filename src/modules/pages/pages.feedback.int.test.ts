/**
 * The accessibility feedback form on SQLite and PostgreSQL: mistakes named and nothing stored; stored feedback is
 * e-mailed (through the job queue) to every active admin — not to disabled admins or other roles — and confirmed
 * to the sender; admins set the status and send an answer; honeypot and per-address rate limit; audit without
 * personal data; permissions and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit';
import { forTenant } from '../../platform/db/tenant-scope';
import { runDueJobs } from '../../platform/jobs/worker';
import { createLogger } from '../../platform/log';
import { createTestApp, type TestApp, type TestClient } from '../../../test/support/app';
import { createUser, mails, signedInClient, type SignedInClient } from '../../../test/support/auth';

let t: TestApp;
let admin: SignedInClient;
let admin2Email: string;
let disabledAdminEmail: string;
let coordinatorEmail: string;
const log = createLogger('silent');

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInClient(t, 'admin', { locale: 'en' });
  admin2Email = (await createUser(t, { role: 'admin' })).email;
  const disabled = await createUser(t, { role: 'admin' });
  disabledAdminEmail = disabled.email;
  await forTenant(t.handle.db, t.tenant.id).updateTable('users').set({ status: 'disabled' }).where('id', '=', disabled.id).execute();
  coordinatorEmail = (await createUser(t, { role: 'coordinator' })).email;
  await createUser(t, { role: 'admin', tenantId: t.other.id, email: 'admin@other.test' });
});
afterAll(async () => {
  await t?.close();
});

async function runJobs() {
  return runDueJobs({ rootDb: t.handle.db, log, config: t.config, now: () => new Date(), tenantIds: [t.tenant.id, t.other.id] });
}

async function feedbackCount(tenantId = t.tenant.id): Promise<number> {
  return (await forTenant(t.handle.db, tenantId).selectFrom('accessibility_feedback').select('id').execute()).length;
}

/** A visitor with its own address (X-Forwarded-For is not trusted here, so every client shares one: see below). */
function visitor(): TestClient {
  return t.client();
}

describe('accessibility feedback', () => {
  it('names the mistakes of a bad submission and stores nothing', async () => {
    const v = visitor();
    const form = await v.get('/accessibility/feedback?page=/concerns/new');
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('value="/concerns/new"');
    expect(html).toContain('name="website"'); // the honeypot
    const res = await v.post('/accessibility/feedback', { pageUrl: '', description: 'kurz', email: 'keine-adresse', wantsAnswer: '1' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('id="error-summary"');
    expect(page).toContain('href="#f-pageUrl"');
    expect(page).toContain('href="#f-description"');
    expect(page).toContain('Geben Sie eine gültige E-Mail-Adresse an');
    expect(page).toContain('value="keine-adresse"');
    // An answer wanted but no address given.
    const res2 = await v.post('/accessibility/feedback', { pageUrl: '/areas', description: 'Der Kontrast ist zu schwach.', wantsAnswer: '1' });
    expect(res2.status).toBe(422);
    expect(await res2.text()).toContain('Geben Sie Ihre E-Mail-Adresse an, wenn Sie eine Antwort möchten.');
    expect(await feedbackCount()).toBe(0);
  });

  it('stores feedback, mails every active admin and confirms to the sender; the audit holds no personal data', async () => {
    const v = visitor();
    await v.get('/lang/tr?next=/accessibility/feedback');
    await v.get('/accessibility/feedback');
    const res = await v.post('/accessibility/feedback', { pageUrl: '/concerns/new', description: 'Die Karte lässt sich nicht mit der Tastatur bedienen.', name: 'Ayşe Yılmaz', email: 'ayse@example.test', wantsAnswer: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/accessibility/feedback/thanks?mail=1');
    const thanks = await (await v.get(res.headers.get('location')!)).text();
    expect(thanks).toContain('Geri bildiriminiz için teşekkürler');
    expect(thanks).toContain('e-posta ile bir alındı onayı');
    expect(await feedbackCount()).toBe(1);

    expect(mails(t)).toHaveLength(0); // sent by the job queue, not in the request
    await runJobs();
    const all = mails(t);
    const to = all.map((m) => m.to).sort();
    expect(to).toEqual([admin.user.email, admin2Email, 'ayse@example.test'].sort());
    expect(to).not.toContain(disabledAdminEmail);
    expect(to).not.toContain(coordinatorEmail);
    expect(to).not.toContain('admin@other.test');
    const toAdmin = all.find((m) => m.to.includes(admin.user.email))!;
    expect(toAdmin.subject).toBe('New feedback on accessibility – Essen'); // the admin's language
    expect(toAdmin.text).toContain('Die Karte lässt sich nicht mit der Tastatur bedienen.');
    expect(toAdmin.text).toContain('ayse@example.test');
    expect(toAdmin.text).toMatch(/\/admin\/accessibility-feedback\/fbk_[0-9a-z]+/);
    const confirm = all.find((m) => m.to.includes('ayse@example.test'))!;
    expect(confirm.subject).toBe('Erişilebilirlik hakkındaki geri bildiriminiz – Essen'); // the sender's language

    const audit = await listAudit(forTenant(t.handle.db, t.tenant.id), { entityType: 'accessibility_feedback' });
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]!.actorLabel).toBe('system');
    const logged = JSON.stringify(audit.entries[0]!.changes);
    expect(logged).not.toMatch(/ayse|Ayşe|Tastatur/);
  });

  it('needs no name or address; without an address nobody gets a confirmation', async () => {
    const v = visitor();
    await v.get('/accessibility/feedback');
    const before = mails(t).length;
    const res = await v.post('/accessibility/feedback', { pageUrl: 'Startseite', description: 'Die Schrift ist auf dem Handy zu klein.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/accessibility/feedback/thanks');
    await runJobs();
    const added = mails(t).slice(before);
    expect(added.map((m) => m.to).sort()).toEqual([admin.user.email, admin2Email].sort());
  });

  it('lets an admin list feedback, set the status and send the answer (audited, answer not in the log)', async () => {
    const list = await (await admin.get('/admin/accessibility-feedback')).text();
    const ids = [...list.matchAll(/href="\/admin\/accessibility-feedback\/(fbk_[0-9a-z]+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    const id = (await forTenant(t.handle.db, t.tenant.id).selectFrom('accessibility_feedback').select('id').where('email', '=', 'ayse@example.test').executeTakeFirstOrThrow()).id;
    const detail = await (await admin.get(`/admin/accessibility-feedback/${id}`)).text();
    expect(detail).toContain('Die Karte lässt sich nicht mit der Tastatur bedienen.');
    expect(detail).toContain('name="sendAnswer"');

    // Answered without an answer: refused, nothing changed.
    let res = await admin.post(`/admin/accessibility-feedback/${id}`, { status: 'answered', answer: '' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('href="#f-answer"');
    res = await admin.post(`/admin/accessibility-feedback/${id}`, { status: 'weird', answer: 'x' });
    expect(res.status).toBe(422);
    let row = await forTenant(t.handle.db, t.tenant.id).selectFrom('accessibility_feedback').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('new');

    const before = mails(t).length;
    res = await admin.post(`/admin/accessibility-feedback/${id}`, { status: 'answered', answer: 'Danke! Die Karte hat jetzt eine Liste daneben.', sendAnswer: '1' });
    expect(res.status).toBe(303);
    row = await forTenant(t.handle.db, t.tenant.id).selectFrom('accessibility_feedback').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('answered');
    expect(row.answered_by).toBe(admin.user.email);
    await runJobs();
    const answer = mails(t).slice(before);
    expect(answer).toHaveLength(1);
    expect(answer[0]!.to).toContain('ayse@example.test');
    expect(answer[0]!.text).toContain('Danke! Die Karte hat jetzt eine Liste daneben.');

    const newOnly = await (await admin.get('/admin/accessibility-feedback?status=new')).text();
    expect(newOnly).not.toContain(id);
    expect(newOnly.match(/href="\/admin\/accessibility-feedback\/fbk_/g)).toHaveLength(1);

    res = await admin.post(`/admin/accessibility-feedback/${id}`, { status: 'closed', answer: 'Danke! Die Karte hat jetzt eine Liste daneben.' });
    expect(res.status).toBe(303);
    const audit = await listAudit(forTenant(t.handle.db, t.tenant.id), { entityType: 'accessibility_feedback', entityId: id });
    expect(audit.entries.map((e) => e.action)).toEqual(['update', 'update', 'create']);
    expect(audit.entries[1]!.changes).toEqual({ status: { from: 'new', to: 'answered' }, answer: { from: null, to: '•••' }, answerSent: { from: null, to: true } });
    expect(audit.entries[0]!.changes).toEqual({ status: { from: 'answered', to: 'closed' } });
    expect(JSON.stringify(audit.entries)).not.toContain('Liste daneben');
  });

  it('keeps feedback to admins of its tenant', async () => {
    const id = (await forTenant(t.handle.db, t.tenant.id).selectFrom('accessibility_feedback').select('id').executeTakeFirstOrThrow()).id;
    const otherAdmin = await signedInClient(t, 'admin', { tenantId: t.other.id });
    const otherClient = Object.assign(t.client('other.test'), {});
    otherClient.cookies = otherAdmin.cookies;
    expect((await otherClient.get(`/admin/accessibility-feedback/${id}`)).status).toBe(404);
    expect(await (await otherClient.get('/admin/accessibility-feedback')).text()).not.toContain(id);
  });

  it('refuses the feedback pages to other roles and anonymous visitors', async () => {
    const coordinator = await signedInClient(t, 'coordinator');
    expect((await coordinator.get('/admin/accessibility-feedback')).status).toBe(403);
    const anon = visitor();
    const res = await anon.get('/admin/accessibility-feedback');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login/);
  });

  it('refuses a filled honeypot without storing anything', async () => {
    const v = visitor();
    await v.get('/accessibility/feedback');
    const before = await feedbackCount();
    const res = await v.post('/accessibility/feedback', { pageUrl: '/areas', description: 'Kaufen Sie billige Uhren hier.', website: 'https://spam.example' });
    expect(res.status).toBe(400);
    expect(await feedbackCount()).toBe(before);
  });

  it('limits submissions per address (5 an hour) with a 429, storing nothing past the limit', async () => {
    // Every test client comes from the same address; four submissions were counted above (two refused by
    // validation also count: the limit runs before the handler), so count what is left.
    const v = visitor();
    await v.get('/accessibility/feedback');
    const statuses: number[] = [];
    for (let i = 0; i < 8 && statuses.at(-1) !== 429; i++) {
      statuses.push((await v.post('/accessibility/feedback', { pageUrl: '/areas', description: `Rückmeldung Nummer ${i} zur Seite.` })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    const stored = await feedbackCount();
    const more = await v.post('/accessibility/feedback', { pageUrl: '/areas', description: 'Noch eine Rückmeldung zur Seite.' });
    expect(more.status).toBe(429);
    expect(await feedbackCount()).toBe(stored);
    // The other tenant counts on its own.
    const o = t.client('other.test');
    await o.get('/accessibility/feedback');
    expect((await o.post('/accessibility/feedback', { pageUrl: '/areas', description: 'Andere Stadt, eigene Grenze.' })).status).toBe(303);
    expect(await feedbackCount(t.other.id)).toBe(1);
  });
});
