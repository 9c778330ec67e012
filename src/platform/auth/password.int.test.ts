/** Password change, forgotten password and the e-mailed reset link (read from the .eml file). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../../test/support/app';
import { buildApp } from '../../app';
import { parseConfig } from '../config';
import { createLogger } from '../log';
import { createUser, lastMailTo, linkIn, mails, signIn, signedInClient } from '../../../test/support/auth';
import { sha256Hex } from './tokens';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const NEW_PASSWORD = 'Zollverein Schacht XII!';

async function sessionCount(userId: string): Promise<number> {
  return (await t.handle.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;
}

async function auditActions(userId: string): Promise<{ action: string; changes: string }[]> {
  const rows = await t.handle.db.selectFrom('audit_log').select(['action', 'changes']).where('entity_id', '=', userId).orderBy('at').execute();
  return rows.map((r) => ({ action: r.action, changes: typeof r.changes === 'string' ? r.changes : JSON.stringify(r.changes) }));
}

describe('password change', () => {
  it('needs the current password, checks the rules and changes nothing on error', async () => {
    const c = await signedInClient(t, 'moderator');
    await c.get('/account/password');
    const before = await t.handle.db.selectFrom('users').select('password_hash').where('id', '=', c.user.id).executeTakeFirstOrThrow();
    const wrong = await c.post('/account/password', { current_password: 'not my password', new_password: NEW_PASSWORD, new_password_confirm: NEW_PASSWORD });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Das aktuelle Passwort ist nicht richtig');
    const short = await c.post('/account/password', { current_password: c.user.password, new_password: 'kurz', new_password_confirm: 'kurz' });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('mindestens 12 Zeichen');
    const common = await c.post('/account/password', { current_password: c.user.password, new_password: 'passwort1234', new_password_confirm: 'passwort1234' });
    expect(common.status).toBe(422);
    expect(await common.text()).toContain('zu verbreitet');
    const mismatch = await c.post('/account/password', { current_password: c.user.password, new_password: NEW_PASSWORD, new_password_confirm: `${NEW_PASSWORD}x` });
    expect(mismatch.status).toBe(422);
    const html = await mismatch.text();
    expect(html).toContain('stimmen nicht überein');
    expect(html).not.toContain(NEW_PASSWORD);
    const after = await t.handle.db.selectFrom('users').select('password_hash').where('id', '=', c.user.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
  });

  it('changes the password, ends every other session but the current one, and audits without the hash', async () => {
    const c = await signedInClient(t, 'moderator');
    const other = t.client();
    await signIn(other, c.user.email, c.user.password);
    expect(await sessionCount(c.user.id)).toBe(2);
    await c.get('/account/password');
    const res = await c.post('/account/password', { current_password: c.user.password, new_password: NEW_PASSWORD, new_password_confirm: NEW_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    expect(await sessionCount(c.user.id)).toBe(1);
    expect((await c.get('/account')).status).toBe(200);
    expect((await other.get('/account')).status).toBe(303);
    const row = await t.handle.db.selectFrom('users').select('password_hash').where('id', '=', c.user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const audit = (await auditActions(c.user.id)).find((a) => a.action === 'user.password_changed')!;
    expect(audit).toBeTruthy();
    expect(audit.changes).not.toContain('$argon2');
    expect(audit.changes).toContain('•••');
    // Old password no longer works, the new one does.
    const fresh = t.client();
    await fresh.get('/login');
    expect((await fresh.post('/login', { email: c.user.email, password: c.user.password })).status).toBe(401);
    await signIn(t.client(), c.user.email, NEW_PASSWORD);
  });
});

describe('forgotten password', () => {
  it('answers the same whether or not the account exists, and mails only existing accounts', async () => {
    const u = await createUser(t, { role: 'office_staff' });
    const before = mails(t).length;
    const c = t.client();
    await c.get('/password/forgot');
    const known = await c.post('/password/forgot', { email: u.email });
    const knownHtml = await known.text();
    await c.get('/password/forgot');
    const unknown = await c.post('/password/forgot', { email: 'nobody-here@example.test' });
    const unknownHtml = await unknown.text();
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const main = (h: string) => h.slice(h.indexOf('<main'), h.indexOf('</main>'));
    expect(main(knownHtml)).toBe(main(unknownHtml));
    expect(mails(t).length).toBe(before + 1);
    expect(lastMailTo(t, 'nobody-here@example.test')).toBeUndefined();
  });

  it('rejects an invalid e-mail address with 422', async () => {
    const c = t.client();
    await c.get('/password/forgot');
    const res = await c.post('/password/forgot', { email: 'nope' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('gültige E-Mail-Adresse');
  });

  it('resets through the link in the .eml file: once, ending every session', async () => {
    const u = await createUser(t, { role: 'district_worker', locale: 'en' });
    const signedIn = t.client();
    await signIn(signedIn, u.email, u.password);
    const c = t.client();
    await c.get('/password/forgot');
    await c.post('/password/forgot', { email: u.email.toUpperCase() });
    const mail = lastMailTo(t, u.email)!;
    expect(mail).toBeTruthy();
    // The user's saved language (en).
    expect(mail.subject).toBe('Quartier: reset your password');
    expect(mail.text).toContain('Hello Test district_worker');
    const link = linkIn(mail, '/password/reset/');
    const token = link.split('/').at(-1)!;
    // Only the hash is stored.
    const stored = await t.handle.db.selectFrom('password_tokens').select(['id', 'purpose']).where('user_id', '=', u.id).execute();
    expect(stored).toEqual([{ id: sha256Hex(token), purpose: 'reset' }]);

    const page = await c.get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain(u.email);
    const weak = await c.post(link, { new_password: 'qwertzuiopü', new_password_confirm: 'qwertzuiopü' });
    expect(weak.status).toBe(422);
    const ok = await c.post(link, { new_password: NEW_PASSWORD, new_password_confirm: NEW_PASSWORD });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/login');
    expect(await sessionCount(u.id)).toBe(0);
    expect((await signedIn.get('/staff')).status).toBe(303);
    await signIn(t.client(), u.email, NEW_PASSWORD);
    // Single use.
    const again = await t.client().get(link);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('nicht mehr gültig');
    const c2 = t.client();
    await c2.get('/password/forgot');
    const reuse = await c2.post(link, { new_password: 'Another good passphrase', new_password_confirm: 'Another good passphrase' });
    expect(reuse.status).toBe(404);
    expect((await auditActions(u.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']));
  });

  it('refuses an expired link and withdraws older links when a new one is requested', async () => {
    const u = await createUser(t, { role: 'viewer' });
    const c = t.client();
    await c.get('/password/forgot');
    await c.post('/password/forgot', { email: u.email });
    const first = linkIn(lastMailTo(t, u.email)!, '/password/reset/');
    await t.handle.db.updateTable('password_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', u.id).execute();
    expect((await c.get(first)).status).toBe(404);
    await c.get('/password/forgot');
    await c.post('/password/forgot', { email: u.email });
    const second = linkIn(lastMailTo(t, u.email)!, '/password/reset/');
    expect(second).not.toBe(first);
    expect((await c.get(second)).status).toBe(200);
    await c.get('/password/forgot');
    await c.post('/password/forgot', { email: u.email });
    const third = linkIn(lastMailTo(t, u.email)!, '/password/reset/');
    expect((await c.get(second)).status).toBe(404);
    expect((await c.get(third)).status).toBe(200);
  });

  it('never builds a reset link from a forged Host header', async () => {
    const u = await createUser(t, { role: 'viewer' });
    // evil.example is not registered: the request still lands at the default tenant, but no link is built from it.
    const forged = t.client('evil.example');
    await forged.get('/password/forgot');
    expect((await forged.post('/password/forgot', { email: u.email })).status).toBe(200);
    expect(lastMailTo(t, u.email)).toBeUndefined();
    // With PUBLIC_URL configured, links always use it.
    const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MAIL_DIR: t.config.MAIL_DIR, PUBLIC_URL: 'https://quartier.essen.example/' });
    const app = buildApp({ config, rootDb: t.handle.db, dialect: t.handle.dialect, log: createLogger('silent') });
    const c = new TestClient(app, 'evil.example');
    await c.get('/password/forgot');
    await c.post('/password/forgot', { email: u.email });
    expect(lastMailTo(t, u.email)!.text).toMatch(/https:\/\/quartier\.essen\.example\/password\/reset\/[A-Za-z0-9_-]{43}\n/);
  });

  it('sends nothing for a disabled account', async () => {
    const u = await createUser(t, { role: 'viewer' });
    await t.handle.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', u.id).execute();
    const c = t.client();
    await c.get('/password/forgot');
    expect((await c.post('/password/forgot', { email: u.email })).status).toBe(200);
    expect(lastMailTo(t, u.email)).toBeUndefined();
  });
});

describe('own account', () => {
  it('saves name and language; 422 on an empty name', async () => {
    const c = await signedInClient(t, 'office_staff');
    await c.get('/account');
    const bad = await c.post('/account', { display_name: '  ', locale: 'ar' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('href="#f-display_name"');
    const ok = await c.post('/account', { display_name: 'Aylin Demir', locale: 'ar' });
    expect(ok.status).toBe(303);
    const html = await (await c.get('/account')).text();
    expect(html).toContain('<html lang="ar" dir="rtl"');
    expect(html).toContain('Aylin Demir');
    const row = await t.handle.db.selectFrom('users').select(['display_name', 'locale']).where('id', '=', c.user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ display_name: 'Aylin Demir', locale: 'ar' });
    const audit = (await auditActions(c.user.id)).find((a) => a.action === 'user.account_updated')!;
    expect(JSON.parse(audit.changes)).toEqual({ display_name: { from: 'Test office_staff', to: 'Aylin Demir' }, locale: { from: null, to: 'ar' } });
  });
});
