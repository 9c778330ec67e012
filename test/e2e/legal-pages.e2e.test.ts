/**
 * The pages German accessibility law asks for, in the browser: a visitor follows the footer of the start page to
 * every legal page (German and Arabic), sends feedback on accessibility after a mistake named by the error summary,
 * and an admin reads it, edits the imprint and restores the earlier version. Every page is checked by axe-core (no
 * serious/critical violations), for a strict CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { useE2e } from './support/fixture';
import { E2E_USERS } from './support/server';

/** Browser steps with axe on every page take long on a loaded 2-core machine. */
const SLOW = 480_000;

const FOOTER = [
  ['Impressum', '/imprint', 'Impressum'],
  ['Datenschutz', '/privacy', 'Datenschutzerklärung'],
  ['Erklärung zur Barrierefreiheit', '/accessibility', 'Erklärung zur Barrierefreiheit'],
  ['Leichte Sprache', '/easy-language', 'Leichte Sprache'],
  ['Gebärdensprache', '/sign-language', 'Gebärdensprache'],
  ['Barriere melden', '/accessibility/feedback', 'Rückmeldung zur Barrierefreiheit'],
] as const;

describe.skipIf(!chromiumAvailable())('legal pages and accessibility feedback (Chromium)', () => {
  const e2e = useE2e();

  it('reaches every legal page from the footer of the start page', async () => {
    const visitor = await e2e.open();
    const { page, watch } = visitor;
    await watch.visit('/');
    for (const [label, href, heading] of FOOTER) {
      if (new URL(page.url()).pathname !== '/') await page.goto('/'); // checked once above
      const link = page.locator('footer a', { hasText: label });
      expect(await link.getAttribute('href')).toBe(href);
      await Promise.all([page.waitForURL(`**${href}`), link.click()]);
      await watch.check(`footer → ${href}`);
      expect((await page.locator('main h1').textContent())?.trim()).toBe(heading);
    }
  }, SLOW);

  it('shows the legal pages in Arabic with the German text marked as German', async () => {
    const visitor = await e2e.open();
    const { page, watch } = visitor;
    await watch.visit('/lang/ar?next=/', { label: 'switch to Arabic' });
    for (const href of ['/imprint', '/privacy', '/accessibility', '/easy-language', '/sign-language', '/accessibility/feedback']) {
      await watch.visit(href, { label: `${href} (ar)` });
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    }
    await watch.visit('/accessibility');
    expect(await page.locator('main .q-legal__content').getAttribute('lang')).toBe('de');
    expect(await page.locator('footer a[href="/accessibility"]').textContent()).toBe('بيان إمكانية الوصول');
  }, SLOW);

  it('sends feedback on accessibility after correcting a mistake', async () => {
    const visitor = await e2e.open();
    const { page, watch } = visitor;
    await watch.visit('/accessibility');
    await Promise.all([page.waitForURL('**/accessibility/feedback'), page.locator('main a[href="/accessibility/feedback"]').first().click()]);
    await watch.check('feedback form');
    await page.fill('#f-pageUrl', '/concerns/new');
    await page.fill('#f-description', 'Die Karte ist mit der Tastatur nicht zu bedienen.');
    await page.check('#f-wantsAnswer');
    await submit(visitor, 'main form#feedback-form', 'feedback with a mistake');
    const summary = page.locator('#error-summary');
    expect(await summary.count()).toBe(1);
    expect(await summary.locator('a[href="#f-email"]').count()).toBe(1);
    expect(await page.inputValue('#f-description')).toBe('Die Karte ist mit der Tastatur nicht zu bedienen.');
    await page.fill('#f-email', 'leser@e2e.test');
    await page.fill('#f-name', 'Lea Leser');
    await submit(visitor, 'main form#feedback-form', 'feedback sent');
    expect(new URL(page.url()).pathname).toBe('/accessibility/feedback/thanks');
    expect((await page.locator('main h1').textContent())?.trim()).toBe('Vielen Dank für Ihre Rückmeldung');
  }, SLOW);

  it('lets the admin answer the feedback, edit the imprint and restore the earlier version', async () => {
    const admin = await e2e.open();
    const { page, watch } = admin;
    await signIn(admin, E2E_USERS.admin);

    await watch.visit('/admin/accessibility-feedback');
    await Promise.all([page.waitForURL('**/admin/accessibility-feedback/fbk_*'), page.locator('main table a').first().click()]);
    await watch.check('feedback detail');
    expect(await page.locator('main').textContent()).toContain('Die Karte ist mit der Tastatur nicht zu bedienen.');
    await page.selectOption('#f-status', 'answered');
    await page.fill('#f-answer', 'Danke, wir haben eine Liste neben die Karte gestellt.');
    await submit(admin, 'main form#feedback-answer-form', 'feedback answered');
    expect((await page.locator('main .q-feedback-status').textContent())?.trim()).toBe('Beantwortet');

    await watch.visit('/admin/pages');
    await Promise.all([page.waitForURL('**/admin/pages/imprint'), page.locator('main a[href="/admin/pages/imprint"]').click()]);
    await watch.check('imprint editor');
    expect(await page.inputValue('#f-body')).toContain('[Bitte ergänzen: Straße und Hausnummer]');
    await page.fill('#f-body', '## Anbieterin\nStadt Essen\nPorscheplatz 1\n45127 Essen');
    await submit(admin, 'main form#page-form', 'imprint saved (1)');
    await page.fill('#f-body', '## Anbieterin\nStadt Essen\nPorscheplatz 1\n45121 Essen');
    await submit(admin, 'main form#page-form', 'imprint saved (2)');
    expect(await page.locator('#versions tbody tr').count()).toBe(2);
    await watch.visit('/imprint');
    expect(await page.locator('main .q-legal__content').textContent()).toContain('45121 Essen');

    await watch.visit('/admin/pages/imprint');
    await submit(admin, 'main form[action="/admin/pages/imprint/versions/1/restore"]', 'imprint restored');
    expect(await page.locator('main .kern-alert--success').count()).toBe(1);
    expect(await page.locator('#versions tbody tr').count()).toBe(3);
    await watch.visit('/imprint');
    expect(await page.locator('main .q-legal__content').textContent()).toContain('45127 Essen');
  }, SLOW);
});
