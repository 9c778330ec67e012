/**
 * Staff work in the browser: sign in (after one mistyped password), switch to Arabic and back while signed in,
 * edit a programme area with a mistake — the error summary at the top links to the field and moves the focus
 * there — correct it and succeed, see the change on the public page and in the audit log, the admin's user list,
 * sign out. Every page is checked by axe-core (zero serious/critical violations), for a strict CSP and for no
 * inline code.
 */
import { describe, expect, it } from 'vitest';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { focused, horizontalOverflow, langDir } from './support/dom';
import { useE2e, type OpenPage } from './support/fixture';
import { E2E_USERS } from './support/server';

describe.skipIf(!chromiumAvailable())('staff pages (Chromium)', () => {
  const e2e = useE2e();
  let coordinator: OpenPage;

  it('refuses a wrong password with an error summary, then signs in', async () => {
    coordinator = await e2e.open();
    const { page, watch } = coordinator;
    // A staff page without a session leads to the login form.
    await page.goto('/staff');
    expect(new URL(page.url()).pathname).toBe('/login');
    await watch.check('/login (redirected from /staff)');

    await page.fill('#f-email', E2E_USERS.coordinator.email);
    await page.fill('#f-password', 'falsches-Passwort-123');
    await submit(coordinator, 'main form[action^="/login"]', '/login (wrong password)');
    await expect(page.locator('#error-summary').count()).resolves.toBe(1);
    expect(new URL(page.url()).pathname).toBe('/login');
    // What the person typed is kept (except the password).
    expect(await page.inputValue('#f-email')).toBe(E2E_USERS.coordinator.email);
    expect(await page.inputValue('#f-password')).toBe('');

    await signIn(coordinator, E2E_USERS.coordinator);
    expect(await page.locator('header').textContent()).toContain(E2E_USERS.coordinator.displayName);
    // The staff navigation shows the coordinator's work, and not the admin's.
    expect(await page.locator('nav.q-staffnav a[href="/admin/users"]').count()).toBe(0);
  });

  it('switches to Arabic (right-to-left) and back to German while signed in', async () => {
    const { page, watch } = coordinator;
    await page.locator('nav.q-lang a[hreflang="ar"]').click();
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'ar');
    await watch.check('staff start page (ar)');
    expect(await page.evaluate(langDir)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await page.locator('header').textContent()).toContain(E2E_USERS.coordinator.displayName);

    await page.locator('nav.q-lang a[hreflang="de"]').click();
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'de');
    await watch.check('staff start page (de again)');
    expect(await page.evaluate(langDir)).toEqual({ lang: 'de', dir: 'ltr' });
  });

  it('edits a programme area: a mistake shows an error summary that links to the field, then the correction is saved', async () => {
    const p = coordinator;
    const { page, watch } = p;
    await watch.visit('/staff/territory/areas');
    const edit = page.locator('main a[href^="/staff/territory/areas/"][href$="/edit"]', { hasText: 'Kray' });
    expect(await edit.count()).toBe(1);
    await edit.click();
    await page.waitForURL('**/staff/territory/areas/*/edit');
    await watch.check('area edit form (Kray)');
    expect(await page.inputValue('#f-name')).toBe('Kray');
    const slug = await page.inputValue('#f-slug');
    const description = `Im Browsertest geändert: ${new Date().toISOString()}`;

    // The mistake: an empty name (and a new description, which must be kept but not saved).
    await page.fill('#f-name', '');
    await page.fill('#f-description', description);
    await submit(p, 'main form[action^="/staff/territory/areas/"]', 'area edit form with an error');
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/territory\/areas\/[^/]+$/);
    const summary = page.locator('#error-summary');
    expect(await summary.count()).toBe(1);
    expect(await summary.getAttribute('role')).toBe('alert');
    // At the top: before the form and its first field.
    const [summaryBox, formBox] = await Promise.all([summary.boundingBox(), page.locator('main form[action^="/staff/territory/areas/"]').boundingBox()]);
    expect(summaryBox!.y).toBeLessThan(formBox!.y);
    // The field says what is wrong, and what the person typed is still there.
    expect(await page.getAttribute('#f-name', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-name', 'aria-describedby')).toContain('f-name-error');
    expect(await page.inputValue('#f-description')).toBe(description);
    expect(await page.inputValue('#f-slug')).toBe(slug);
    // Following the summary's link moves the focus to the field.
    const link = summary.locator('a[href="#f-name"]');
    expect(await link.count()).toBe(1);
    await link.click();
    expect(await page.evaluate(focused)).toMatchObject({ id: 'f-name', tag: 'input' });
    // Nothing was saved.
    await p.context.request.get('/areas/kray').then(async (r) => expect(await r.text()).not.toContain(description));

    // The correction, typed into the focused field.
    await page.keyboard.type('Kray');
    await submit(p, 'main form[action^="/staff/territory/areas/"]', 'area list after saving');
    expect(new URL(page.url()).pathname).toBe('/staff/territory/areas');
    expect(await page.locator('main .kern-alert--success').count()).toBe(1);
    expect(await page.locator('#error-summary').count()).toBe(0);

    await watch.visit('/areas/kray');
    expect(await page.locator('main').textContent()).toContain(description);
  });

  it('keeps every other staff page accessible (axe, CSP, no inline code)', async () => {
    const { page, watch } = coordinator;
    for (const path of [
      '/staff/territory/districts',
      '/staff/territory/funding',
      '/staff/territory/funding/new',
      '/staff/territory/topics',
      '/staff/territory/topics/new',
      '/staff/territory/areas/new',
      '/account',
      '/account/password',
      '/account/tokens',
    ]) {
      await watch.visit(path);
      expect(await page.locator('h1').count(), `one h1 on ${path}`).toBe(1);
    }
  });

  it('lets an admin list the users and read the audit log', async () => {
    const admin = await e2e.open();
    await signIn(admin, E2E_USERS.admin);
    await admin.watch.visit('/admin/users');
    expect(await admin.page.locator('main').textContent()).toContain(E2E_USERS.coordinator.email);
    await admin.watch.visit('/admin/users/new');
    await admin.watch.visit('/admin/open311');
    expect(await admin.page.locator('main h1').textContent()).toContain('Open311');
    await admin.watch.visit('/admin/audit');
    expect(await admin.page.locator('main table').count()).toBeGreaterThan(0);
    // The coordinator's change of the programme area is in the audit log, with who did it.
    const log = (await admin.page.locator('main table').textContent()) ?? '';
    expect(log).toContain('Im Browsertest geändert');
    expect(log).toContain(E2E_USERS.coordinator.email);
    // Narrow screens: the admin's pages do not scroll sideways either.
    await admin.page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/admin/users', '/admin/audit', '/admin/open311']) {
      await admin.watch.visit(path, { label: `${path} at 320 px` });
      const o = await admin.page.evaluate(horizontalOverflow);
      expect(o.scrollWidth, `${path} is wider than 320 px; widest parts:\n  ${o.culprits.join('\n  ')}`).toBeLessThanOrEqual(o.viewport);
    }
  });

  it('signs out', async () => {
    const { page } = coordinator;
    await submit(coordinator, 'header form[action="/logout"]', 'after sign-out');
    expect(await page.locator('header').textContent()).not.toContain(E2E_USERS.coordinator.displayName);
    expect(await page.locator('header a[href="/login"]').count()).toBe(1);
    // The old session is gone: a staff page leads to the login form again.
    await page.goto('/staff');
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
