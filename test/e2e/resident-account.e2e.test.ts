/**
 * A resident's account in the browser (ADR 0022): she asks for a sign-in link (a mistake first: the error summary
 * links to the field), opens the link from the e-mail (.eml in the harness's mail folder) and signs in with the
 * button, follows the area Kray, switches the notifications for new proposals in followed areas on, downloads her
 * data (a JSON file holding exactly her account, follow and setting), and deletes her account after the
 * confirmation step (first without ticking the box). Before that, an admin opens the figures about residents'
 * accounts from the staff navigation (counts only, her address nowhere; her own session does not open it). Every
 * page is checked by axe-core (no serious/critical violations), for a strict CSP and for no inline code.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mailsTo } from '../support/auth';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { focused } from './support/dom';
import { useE2e, type OpenPage } from './support/fixture';
import { E2E_USERS } from './support/server';

const RESIDENT = 'anwohnerin-konto@e2e.test';
const STEP_TIMEOUT = 240_000;

describe.skipIf(!chromiumAvailable())('a resident signs in by e-mail link, follows an area, downloads and deletes her data (Chromium)', () => {
  const e2e = useE2e();
  let me: OpenPage;

  it(
    'signs in with the link from the e-mail',
    async () => {
      me = await e2e.open();
      const { page, watch } = me;
      await watch.visit('/my-account');
      await page.fill('#f-email', 'anwohnerin-ohne-at');
      await submit(me, 'main form.q-signin-form', 'sign-in form with a mistake');
      const summary = page.locator('#error-summary');
      expect(await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#f-email']);
      await summary.locator('a[href="#f-email"]').click();
      expect(await page.evaluate(focused)).toMatchObject({ id: 'f-email', tag: 'input' });
      await page.fill('#f-email', RESIDENT);
      await submit(me, 'main form.q-signin-form', 'link sent');
      expect(new URL(page.url()).pathname).toBe('/my-account/sent');

      const mail = mailsTo(e2e.server, RESIDENT).filter((m) => m.subject.includes('Anmelde-Link')).at(-1);
      expect(mail, 'sign-in mail').toBeDefined();
      const link = /https?:\/\/[^\s/]+(\/my-account\/link\/[A-Za-z0-9_-]+)/.exec(mail!.text)?.[1];
      expect(link).toBeDefined();
      await watch.visit(link!);
      await submit(me, 'main form.q-link-form', 'account after sign-in');
      expect(new URL(page.url()).pathname).toBe('/my-account');
      expect(await page.locator('main').textContent()).toContain(`Angemeldet als ${RESIDENT}`);
    },
    STEP_TIMEOUT,
  );

  it(
    'follows the area Kray and switches on e-mails about new proposals there',
    async () => {
      const { page } = me;
      const follow = page.locator('main form[action="/my-account/follow"]', { has: page.locator('button', { hasText: 'Kray' }) });
      await Promise.all([page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }), follow.locator('button[type="submit"]').click()]);
      await me.watch.check('account after following Kray');
      expect(await page.locator('main .q-follow-list').first().textContent()).toContain('Kray');
      // Nothing is on before the resident chooses it.
      expect(await page.isChecked('#f-areas-1')).toBe(true);
      await page.check('#f-areas-0');
      await submit(me, 'main form.q-notify-form', 'account after saving notifications');
      expect(await page.locator('main .kern-alert--success').textContent()).toContain('Benachrichtigungen sind gespeichert');
      expect(await page.isChecked('#f-areas-0')).toBe(true);
      expect(await page.isChecked('#f-concerns-1')).toBe(true);
    },
    STEP_TIMEOUT,
  );

  it(
    'downloads her data as a JSON file',
    async () => {
      const { page } = me;
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('main a[href="/my-account/export"]').click()]);
      expect(download.suggestedFilename()).toMatch(/^quartier-account-\d{4}-\d{2}-\d{2}\.json$/);
      const file = await download.path();
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(data.account.email).toBe(RESIDENT);
      expect(data.notificationSettings).toEqual({ concerns: 'off', proposals: 'off', areas: 'immediate' });
      expect(data.follows).toEqual([expect.objectContaining({ type: 'area', title: 'Kray', page: '/areas/kray' })]);
      expect(data.participation).toEqual({ supports: [], proposals: [], comments: [], sentWithYourEmailAddress: { supports: [], proposalsNotConfirmed: [], commentsNotConfirmed: [], surveyConfirmations: [] } });
      expect(data.concerns).toEqual({ submitted: [], supportsFollowingByEmail: [] });
    },
    STEP_TIMEOUT,
  );

  it(
    'an admin reads the figures about residents’ accounts from the staff navigation: counts only',
    async () => {
      const admin = await e2e.open();
      await signIn(admin, E2E_USERS.admin);
      const { page, watch } = admin;
      await Promise.all([page.waitForURL('**/admin/accounts'), page.locator('nav.q-staffnav a[href="/admin/accounts"]').click()]);
      await watch.check('/admin/accounts');
      expect(await page.locator('main h1').textContent()).toContain('Konten der Bewohner*innen');
      const table = async (caption: string) =>
        page.locator('main table', { has: page.locator('caption', { hasText: caption }) }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
      // One account (hers), active, with one notification on; one follow of an area.
      expect(await table('Konten')).toEqual([
        ['Konten insgesamt', '1'],
        ['In den letzten 30 Tagen angemeldet', '1'],
        ['Mit mindestens einer eingeschalteten Benachrichtigung', '1'],
      ]);
      expect((await table('Folgen nach Art'))[0]).toEqual(['Gebiete', '1', '1']);
      expect(await table('Eingeschaltete Benachrichtigungen')).toEqual([
        ['Neuigkeiten zu gefolgten Anliegen', '0'],
        ['Antworten und Status gefolgter Vorschläge', '0'],
        ['Neue Vorschläge in gefolgten Gebieten', '1'],
      ]);
      expect(await page.locator('main').textContent()).not.toContain(RESIDENT);
      // The resident's own browser (her session) does not open the page.
      const res = await me.page.request.get('/admin/accounts', { maxRedirects: 0 });
      expect(res.status()).toBe(303);
      expect(res.headers()['location']).toContain('/login');
      await admin.context.close();
    },
    STEP_TIMEOUT,
  );

  it(
    'deletes her account after the confirmation step',
    async () => {
      const { page, watch } = me;
      await page.locator('main a[href="/my-account/delete"]').click();
      await page.waitForURL('**/my-account/delete');
      await watch.check('/my-account/delete');
      expect(await page.isChecked('#f-confirm')).toBe(false);
      await submit(me, 'main form.q-delete-form', 'deletion without confirmation');
      expect(await page.locator('#error-summary a').getAttribute('href')).toBe('#f-confirm');
      await page.check('#f-confirm');
      await submit(me, 'main form.q-delete-form', 'after deletion');
      expect(new URL(page.url()).pathname).toBe('/my-account');
      expect(await page.locator('main .kern-alert--success').textContent()).toContain('Konto und seine Daten sind gelöscht');
      expect(await page.locator('#f-email').count()).toBe(1);
      const res = await page.request.get('/my-account/export', { maxRedirects: 0 });
      expect(res.status()).toBe(303);
    },
    STEP_TIMEOUT,
  );
});
