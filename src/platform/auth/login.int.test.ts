/** Sign-in, sign-out, throttling, session cookie and CSRF — through the real HTTP pipeline. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestApp } from '../../../test/support/app';
import { buildApp } from '../../app';
import { parseConfig } from '../config';
import { createLogger } from '../log';
import { createUser, signIn, signedInClient } from '../../../test/support/auth';
import { sha256Hex } from './tokens';
import { ANON_COOKIE, SESSION_COOKIE } from './session';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_ATTEMPTS_ACCOUNT: '3', LOGIN_MAX_ATTEMPTS_IP: '5', LOGIN_THROTTLE_WINDOW_MINUTES: '15', TRUST_PROXY: 'true' });
});
afterAll(async () => t.close());

/** Posts a login form with a chosen client address (X-Forwarded-For; TRUST_PROXY is on in this app). */
async function postLogin(c: TestClient, email: string, password: string, ip = '203.0.113.1', path = '/login'): Promise<Response> {
  if (!c.csrf) await c.get('/login');
  const body = new URLSearchParams({ _csrf: c.csrf, email, password });
  return c.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip } });
}

function setCookie(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

async function sessionRows(userId: string) {
  return t.handle.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();
}

describe('sign-in', () => {
  it('signs in with the right password, sets a hashed session and lands on the staff page', async () => {
    const u = await createUser(t, { role: 'moderator', password: 'Ruhrgebiet ist schön 2026' });
    const c = t.client();
    const page = await c.get('/login');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Anmelden für Mitarbeitende');
    expect(html).toMatch(/name="_csrf" value="[^"]+"/);
    const res = await postLogin(c, u.email.toUpperCase(), u.password);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff');
    const token = c.cookies.get(SESSION_COOKIE)!;
    expect(token).toBeTruthy();
    const rows = await sessionRows(u.id);
    expect(rows).toHaveLength(1);
    // The database holds the hash of the cookie token, never the token.
    expect(rows[0]!.id).toBe(sha256Hex(token));
    expect(rows[0]!.id).not.toBe(token);
    const staff = await c.get('/staff');
    expect(staff.status).toBe(200);
    expect(await staff.text()).toContain('Stadtteilmoderation');
    const user = await t.handle.db.selectFrom('users').select('last_login_at').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(user.last_login_at).toBeTruthy();
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const u = await createUser(t, { role: 'viewer' });
    const c = t.client();
    const res = await postLogin(c, u.email, 'not the right password', '203.0.113.2');
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('E-Mail-Adresse oder Passwort ist nicht richtig');
    expect(html).toContain(`value="${u.email}"`);
    expect(c.cookies.has(SESSION_COOKIE)).toBe(false);
    const unknown = await postLogin(t.client(), 'nobody@example.test', 'whatever whatever', '203.0.113.2');
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('E-Mail-Adresse oder Passwort ist nicht richtig');
  });

  it('re-renders invalid input with 422 and an error summary', async () => {
    const c = t.client();
    await c.get('/login');
    const res = await c.post('/login', { email: 'not-an-email', password: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="error-summary"');
    expect(html).toContain('href="#f-email"');
    expect(html).toContain('value="not-an-email"');
  });

  it('refuses disabled and invited accounts like a wrong password', async () => {
    const u = await createUser(t, { role: 'viewer' });
    await t.handle.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', u.id).execute();
    const res = await postLogin(t.client(), u.email, u.password, '203.0.113.3');
    expect(res.status).toBe(401);
  });

  it('throttles one account after LOGIN_MAX_ATTEMPTS_ACCOUNT failures, even from other addresses and with the right password', async () => {
    const u = await createUser(t, { role: 'coordinator' });
    for (let i = 0; i < 3; i++) expect((await postLogin(t.client(), u.email, 'wrong password!!', `198.51.100.${i + 1}`)).status).toBe(401);
    const res = await postLogin(t.client(), u.email, u.password, '198.51.100.50');
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    const html = await res.text();
    expect(html).toContain('Zu viele fehlgeschlagene Anmeldeversuche');
    expect(html).toMatch(/in 15 Minuten erneut/);
    // Other accounts are not affected.
    const other = await createUser(t, { role: 'viewer' });
    expect((await postLogin(t.client(), other.email, other.password, '198.51.100.51')).status).toBe(303);
    // Once the failures leave the window, the account can sign in again.
    await t.handle.db.updateTable('login_attempts').set({ at: new Date(Date.now() - 16 * 60_000).toISOString() }).where('subject', '=', u.email).execute();
    expect((await postLogin(t.client(), u.email, u.password, '198.51.100.52')).status).toBe(303);
  });

  it('throttles one address after LOGIN_MAX_ATTEMPTS_IP failures across accounts', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 5; i++) expect((await postLogin(t.client(), `someone${i}@example.test`, 'wrong password!!', ip)).status).toBe(401);
    const u = await createUser(t, { role: 'viewer' });
    const blocked = await postLogin(t.client(), u.email, u.password, ip);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    // The same person from another address is fine.
    expect((await postLogin(t.client(), u.email, u.password, '192.0.2.78')).status).toBe(303);
  });

  it('redirects only to safe relative ?next= targets', async () => {
    const u = await createUser(t, { role: 'viewer' });
    const c = t.client();
    await c.get('/login?next=%2Faccount%3Ftab%3D1');
    const ok = await postLogin(c, u.email, u.password, '203.0.113.9', '/login?next=%2Faccount%3Ftab%3D1');
    expect(ok.headers.get('location')).toBe('/account?tab=1');
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const c2 = t.client();
      await c2.get('/login');
      const res = await postLogin(c2, u.email, u.password, '203.0.113.9', `/login?next=${encodeURIComponent(evil)}`);
      expect(res.headers.get('location')).toBe('/staff');
    }
  });

  it('sends anonymous visitors of staff pages to the login page with next=', async () => {
    const res = await t.client().get('/account');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Faccount');
  });

  it('rotates the session id on login and applies the saved language', async () => {
    const u = await createUser(t, { role: 'viewer', locale: 'en' });
    const c = t.client();
    await signIn(c, u.email, u.password);
    const first = c.cookies.get(SESSION_COOKIE)!;
    await c.get('/login?next=%2Fstaff'); // signed in: redirects
    // Sign in again while signed in (e.g. another tab): the old session is removed, a new id issued.
    c.cookies.set(SESSION_COOKIE, first);
    await c.get('/staff');
    const body = new URLSearchParams({ _csrf: c.csrf, email: u.email, password: u.password });
    const res = await c.request('/login', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.20' } });
    expect(res.status).toBe(303);
    const second = c.cookies.get(SESSION_COOKIE)!;
    expect(second).not.toBe(first);
    const ids = (await sessionRows(u.id)).map((r) => r.id);
    expect(ids).toContain(sha256Hex(second));
    expect(ids).not.toContain(sha256Hex(first));
    const html = await (await c.get('/staff')).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Welcome, Test viewer');
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, without Secure by default in tests', async () => {
    const u = await createUser(t, { role: 'viewer' });
    const res = await postLogin(t.client(), u.email, u.password, '203.0.113.30');
    const cookie = setCookie(res, SESSION_COOKIE)!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('gets Secure when COOKIE_SECURE is on', async () => {
    // A second app on the same database, configured like production.
    const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MAIL_DIR: t.config.MAIL_DIR, COOKIE_SECURE: 'true' });
    const secureApp = buildApp({ config, rootDb: t.handle.db, dialect: t.handle.dialect, log: createLogger('silent') });
    {
      const u = await createUser(t, { role: 'viewer' });
      const c = new TestClient(secureApp, 'essen.test');
      const page = await c.get('/login');
      expect(setCookie(page, ANON_COOKIE)).toMatch(/Secure/);
      const res = await c.post('/login', { email: u.email, password: u.password });
      expect(res.status).toBe(303);
      const cookie = setCookie(res, SESSION_COOKIE)!;
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    }
  });

  it('slides the expiry on use and ends expired sessions', async () => {
    const c = await signedInClient(t, 'viewer');
    const [row] = await sessionRows(c.user.id);
    const old = new Date(Date.now() - 3 * 3600_000).toISOString();
    await t.handle.db.updateTable('sessions').set({ last_seen_at: old, expires_at: new Date(Date.now() + 3600_000).toISOString() }).where('id', '=', row!.id).execute();
    const res = await c.get('/staff');
    expect(res.status).toBe(200);
    expect(setCookie(res, SESSION_COOKIE)).toMatch(/Max-Age=43200/);
    const [after] = await sessionRows(c.user.id);
    expect(new Date(after!.expires_at).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
    await t.handle.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', row!.id).execute();
    const expired = await c.get('/staff');
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe('/login?next=%2Fstaff');
    expect(await sessionRows(c.user.id)).toHaveLength(0);
  });

  it('ends the session on logout', async () => {
    const c = await signedInClient(t, 'viewer');
    await c.get('/staff');
    const res = await c.post('/logout');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(c.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionRows(c.user.id)).toHaveLength(0);
    expect((await c.get('/staff')).status).toBe(303);
  });

  it('a session of one tenant is not valid at another', async () => {
    const c = await signedInClient(t, 'admin');
    const cookie = c.cookies.get(SESSION_COOKIE)!;
    const other = t.client('other.test');
    other.cookies.set(SESSION_COOKIE, cookie);
    expect((await other.get('/staff')).status).toBe(303);
  });
});

describe('CSRF', () => {
  it('refuses an anonymous form post without a token or with a wrong one (login is protected too)', async () => {
    const u = await createUser(t, { role: 'viewer' });
    const c = t.client();
    await c.get('/login');
    const none = await c.post('/login', { email: u.email, password: u.password }, { csrf: null });
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('Das Formular ist abgelaufen');
    const wrong = await c.post('/login', { email: u.email, password: u.password }, { csrf: 'forged-token' });
    expect(wrong.status).toBe(403);
    // A token from another visitor's anonymous cookie does not fit this visitor.
    const other = t.client();
    await other.get('/login');
    expect((await c.post('/login', { email: u.email, password: u.password }, { csrf: other.csrf })).status).toBe(403);
    // Without the anonymous cookie, even a real token is refused.
    const stripped = t.client();
    stripped.csrf = c.csrf;
    expect((await stripped.post('/login', { email: u.email, password: u.password })).status).toBe(403);
    expect(c.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('refuses signed-in form posts without a valid session token and accepts the header', async () => {
    const c = await signedInClient(t, 'viewer');
    await c.get('/account');
    const before = await t.handle.db.selectFrom('users').select('display_name').where('id', '=', c.user.id).executeTakeFirstOrThrow();
    expect((await c.post('/account', { display_name: 'Changed' }, { csrf: null })).status).toBe(403);
    expect((await c.post('/account', { display_name: 'Changed' }, { csrf: 'x'.repeat(43) })).status).toBe(403);
    const after = await t.handle.db.selectFrom('users').select('display_name').where('id', '=', c.user.id).executeTakeFirstOrThrow();
    expect(after.display_name).toBe(before.display_name);
    // The anonymous token of the login page is no longer valid once signed in.
    const anon = t.client();
    await anon.get('/login');
    expect((await c.post('/account', { display_name: 'Changed' }, { csrf: anon.csrf })).status).toBe(403);
    // Header form works (for scripts in the page).
    const body = new URLSearchParams({ display_name: 'Via Header' });
    const ok = await c.request('/account', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': c.csrf } });
    expect(ok.status).toBe(303);
  });

  it('puts the token into every HTML page, the logout form included', async () => {
    const c = await signedInClient(t, 'viewer');
    const html = await (await c.get('/')).text();
    expect(html).toMatch(/action="\/logout"[\s\S]*?name="_csrf" value="[A-Za-z0-9_-]{20,}"/);
  });
});
