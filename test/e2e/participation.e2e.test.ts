/**
 * Participation in the browser: a resident proposes for Kray (a mistake first: no text and no privacy tick — the
 * error summary links to the fields — then corrected), confirms by the link in the e-mail (.eml in the harness's
 * mail folder: a page with one button, because only the button's POST confirms) and the proposal is published; a
 * second resident supports it and comments (both confirmed by e-mail and button); a third resident reports the
 * comment; staff hide it with a reason that is shown in its place, answer the proposal with a new status, create
 * and open a survey; the third resident answers the survey and sees the results (tables with bars); with JavaScript
 * off, the survey and the support form work too; a resident switches to Turkish and then Arabic (right to left)
 * through the visible language switcher and still answers the survey, supports and confirms the support on the
 * Arabic confirmation page. Every page is checked by axe-core (no serious/critical violations), for a strict
 * CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { linkIn, waitForMail } from '../support/auth';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { focused, langDir } from './support/dom';
import { useE2e, type OpenPage } from './support/fixture';
import { E2E_USERS } from './support/server';

const PROPOSER = 'ideengeberin@e2e.test';
const SUPPORTER = 'nachbar@e2e.test';
/** Each step visits several pages, each checked by axe-core: seconds per page on a loaded machine. */
const STEP_TIMEOUT = 240_000;

describe.skipIf(!chromiumAvailable())('residents take part: proposal, support, comment, moderation, answer, survey (Chromium)', () => {
  const e2e = useE2e();
  let proposer: OpenPage;
  let neighbour: OpenPage;
  let reporter: OpenPage;
  let staff: OpenPage;
  let proposalPath = '';
  let surveyPath = '';

  it('a resident proposes with a mistake first, corrects it and confirms by the e-mail link', async () => {
    proposer = await e2e.open();
    const { page, watch } = proposer;
    await watch.visit('/participation');
    await page.locator('main a[href="/participation/areas/kray"]').click();
    await page.waitForURL('**/participation/areas/kray');
    await watch.check('/participation/areas/kray');
    await page.locator('main a[href="/participation/areas/kray/new"]').click();
    await page.waitForURL('**/participation/areas/kray/new');
    await watch.check('/participation/areas/kray/new');
    expect(await page.isChecked('#f-consent')).toBe(false);

    await page.fill('#f-title', 'Trinkbrunnen am Kray-Markt');
    await page.fill('#f-email', PROPOSER);
    await submit(proposer, 'main form.q-proposal-form', 'proposal form with mistakes');
    const summary = page.locator('#error-summary');
    expect(await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#f-body', '#f-consent']);
    expect(await page.inputValue('#f-title')).toBe('Trinkbrunnen am Kray-Markt');
    await summary.locator('a[href="#f-body"]').click();
    expect(await page.evaluate(focused)).toMatchObject({ id: 'f-body', tag: 'textarea' });
    await page.fill('#f-body', 'Im Sommer gibt es am Markt kein Wasser. Ein Trinkbrunnen hilft Kindern und Älteren.');
    await page.check('#f-consent');
    await submit(proposer, 'main form.q-proposal-form', 'area page after the proposal');
    expect(new URL(page.url()).pathname).toBe('/participation/areas/kray');
    expect(await page.locator('main .kern-alert--success').textContent()).toContain('bestätigen');
    // Not public before the confirmation.
    expect(await page.locator('main').textContent()).not.toContain('Trinkbrunnen am Kray-Markt');

    const mail = await waitForMail(e2e.server, PROPOSER, 'Trinkbrunnen am Kray-Markt');
    // The link shows what it confirms and a button; only the button confirms (mail scanners open links too).
    await watch.visit(linkIn(mail, '/participation/confirm/'), { label: 'confirmation page of the proposal' });
    expect(await page.locator('h1').textContent()).toBe('Vorschlag bestätigen');
    expect(await page.locator('main').textContent()).toContain('„Trinkbrunnen am Kray-Markt“');
    await submit(proposer, 'main form.q-confirm-form', 'the published proposal');
    expect(new URL(page.url()).pathname).toMatch(/^\/participation\/proposals\/prp_[0-9a-z]+$/);
    expect(await page.locator('main .kern-alert--success').textContent()).toContain('jetzt veröffentlicht');
    proposalPath = new URL(page.url()).pathname;
    expect(await page.locator('h1').textContent()).toBe('Trinkbrunnen am Kray-Markt');
    expect(await page.locator('main').textContent()).not.toContain(PROPOSER);
  }, STEP_TIMEOUT);

  it('another resident supports (once) and comments, both confirmed by e-mail', async () => {
    neighbour = await e2e.open();
    const { page, watch } = neighbour;
    await watch.visit(proposalPath);
    await page.fill('#f-supportEmail', SUPPORTER);
    await page.check('#f-supportConsent');
    await submit(neighbour, 'main form.q-support-form', 'proposal after support');
    expect(await page.locator('main .kern-alert--info').first().textContent()).toContain('bestätigen');
    const mail = await waitForMail(e2e.server, SUPPORTER, 'Unterstützung');
    expect(mail.text).toContain('/participation/withdraw/');
    await watch.visit(linkIn(mail, '/participation/confirm/'), { label: 'confirmation page of the support' });
    expect(await page.locator('h1').textContent()).toBe('Unterstützung bestätigen');
    expect(await page.locator('main').textContent()).toContain('„Trinkbrunnen am Kray-Markt“ unterstützen?');
    await submit(neighbour, 'main form.q-confirm-form', 'proposal after confirming the support');
    expect(new URL(page.url()).pathname).toBe(proposalPath);
    expect(await page.locator('main .kern-alert--success').textContent()).toContain('Ihre Unterstützung zählt jetzt.');
    expect(await page.locator('main .q-support-count').textContent()).toBe('1 Unterstützung');
    // The same address again (other spelling) still counts once.
    await page.fill('#f-supportEmail', 'Nachbar@E2E.test');
    await page.check('#f-supportConsent');
    await submit(neighbour, 'main form.q-support-form', 'proposal after a second support');
    expect(await page.locator('main .q-support-count').textContent()).toBe('1 Unterstützung');

    await page.fill('#f-body', 'Ein Brunnen wäre toll – am besten neben dem Spielplatz. Ihr seid alle Deppen.');
    await page.fill('#f-name', 'Nachbar Ralf');
    await page.fill('#f-email', SUPPORTER);
    await page.check('#f-consent');
    await submit(neighbour, 'main form.q-comment-form', 'proposal after the comment');
    const cmail = await waitForMail(e2e.server, SUPPORTER, 'Kommentar');
    await watch.visit(linkIn(cmail, '/participation/confirm/'), { label: 'confirmation page of the comment' });
    expect(await page.locator('h1').textContent()).toBe('Kommentar bestätigen');
    await submit(neighbour, 'main form.q-confirm-form', 'proposal after confirming the comment');
    expect(new URL(page.url()).pathname).toBe(proposalPath);
    expect(await page.locator('main').textContent()).toContain('Ihr seid alle Deppen.');
  }, STEP_TIMEOUT);

  it('a third resident reports the comment with a reason', async () => {
    reporter = await e2e.open();
    const { page, watch } = reporter;
    await watch.visit(proposalPath);
    await page.locator('main a[href$="/report"]').first().click();
    await page.waitForURL('**/participation/comments/pcm_*/report');
    await watch.check('report form');
    await submit(reporter, 'main form.q-report-form', 'report form without a reason');
    expect(await page.locator('#error-summary a[href="#f-reason"]').count()).toBe(1);
    await page.check('label:has-text("Beleidigung oder Bedrohung")');
    await submit(reporter, 'main form.q-report-form', 'proposal after the report');
    expect(new URL(page.url()).pathname).toBe(proposalPath);
    expect(await page.locator('main .kern-alert--success').textContent()).toContain('Meldung');
  }, STEP_TIMEOUT);

  it('staff hide the comment with a reason, answer the proposal and open a survey', async () => {
    staff = await e2e.open();
    const { page, watch } = staff;
    await signIn(staff, E2E_USERS.coordinator);
    await watch.visit('/staff/participation/moderation');
    expect(await page.locator('main').textContent()).toContain('Beleidigung oder Bedrohung');
    await page.locator('main form.q-hide-form input[type="text"]').first().fill('Beleidigung anderer');
    await submit(staff, 'main form.q-hide-form', 'moderation queue after hiding');
    expect(await page.locator('main').textContent()).toContain('Keine offenen Meldungen.');

    await watch.visit(`/staff${proposalPath}`);
    // "Not possible" without an answer is refused.
    await page.selectOption('#f-to', 'not_possible');
    await submit(staff, 'main form.q-answer-form', 'answer form with a mistake');
    expect(await page.locator('#error-summary a[href="#f-answer"]').count()).toBe(1);
    await page.selectOption('#f-to', 'accepted');
    await page.fill('#f-answer', 'Wir stellen den Brunnen im Frühjahr auf. Die Stadtwerke sind beauftragt.');
    await submit(staff, 'main form.q-answer-form', 'staff proposal page after the answer');

    await watch.visit('/staff/participation/surveys/new');
    await page.selectOption('#f-areaId', { label: 'Kray' });
    await page.fill('#f-title', 'Wie nutzen Sie den Kray-Markt?');
    await page.fill('#f-q0_prompt', 'Wie oft sind Sie am Markt?');
    await page.selectOption('#f-q0_kind', 'single');
    await page.fill('#f-q0_options', 'täglich\nwöchentlich\nselten');
    await page.check('#f-q0_required');
    await page.fill('#f-q1_prompt', 'Wie gefällt Ihnen der Markt?');
    await page.selectOption('#f-q1_kind', 'rating');
    await page.fill('#f-q2_prompt', 'Was wünschen Sie sich?');
    await page.selectOption('#f-q2_kind', 'text');
    await submit(staff, 'main form.q-survey-new', 'the new survey (draft)');
    const staffSurvey = new URL(page.url()).pathname;
    expect(staffSurvey).toMatch(/^\/staff\/participation\/surveys\/svy_/);
    surveyPath = staffSurvey.replace('/staff', '');
    await submit(staff, 'main form[action$="/status"]', 'the survey after opening');
    expect(await page.locator('main').textContent()).toContain('Umfrage offen');
  }, STEP_TIMEOUT);

  it('the public sees the hidden comment’s reason and the answer', async () => {
    const { page, watch } = neighbour;
    await watch.visit(proposalPath);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Von der Moderation ausgeblendet: Beleidigung anderer');
    expect(main).not.toContain('Ihr seid alle Deppen.');
    expect(main).toContain('Wir stellen den Brunnen im Frühjahr auf.');
    expect(await page.locator('main .kern-badge').first().textContent()).toBe('Angenommen');
    expect(await page.locator('main .q-concern-timeline').textContent()).toContain('Neuer Stand: Angenommen');
  }, STEP_TIMEOUT);

  it('a resident answers the survey (a mistake first) and sees the results', async () => {
    const { page, watch } = reporter;
    await watch.visit('/participation/areas/kray');
    await page.locator(`main a[href="${surveyPath}"]`).click();
    await page.waitForURL(`**${surveyPath}`);
    await watch.check('the survey');
    expect(await page.locator('script').count()).toBe(0);
    await submit(reporter, 'main form.q-survey-form', 'survey with a missing answer');
    expect(await page.locator('#error-summary li').count()).toBe(1);
    const fieldsets = page.locator('main form.q-survey-form fieldset');
    await fieldsets.nth(0).locator('label:has-text("wöchentlich")').click();
    await fieldsets.nth(1).locator('label:has-text("4 Sterne")').click();
    await page.locator('main form.q-survey-form textarea').fill('Mehr Sitzplätze');
    await submit(reporter, 'main form.q-survey-form', 'results after answering');
    expect(new URL(page.url()).pathname).toBe(`${surveyPath}/results`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('1 Teilnahme');
    expect(main).toContain('Durchschnitt 4 von 5');
    // Free text stays private until staff release it.
    expect(main).not.toContain('Mehr Sitzplätze');
    const row = page.locator('main table').first().locator('tr', { hasText: 'wöchentlich' });
    expect(await row.textContent()).toContain('100 %');
    expect(await row.locator('svg rect').nth(1).getAttribute('width')).toBe('100');
    // One submission per browser.
    await watch.visit(surveyPath);
    expect(await page.locator('main').textContent()).toContain('schon teilgenommen');
  }, STEP_TIMEOUT);

  it('works with JavaScript off: the survey is answered and the proposal supported by plain forms', async () => {
    // (axe needs JavaScript in the page; these pages were checked above.)
    const plain = await e2e.open({ javaScriptEnabled: false });
    const { page } = plain;
    expect((await page.goto(surveyPath))?.status()).toBe(200);
    const fieldsets = page.locator('main form.q-survey-form fieldset');
    await fieldsets.nth(0).locator('label:has-text("selten")').click();
    await Promise.all([page.waitForURL(`**${surveyPath}/results`), page.locator('main form.q-survey-form button[type="submit"]').click()]);
    expect(await page.locator('main').textContent()).toContain('2 Teilnahmen');
    expect((await page.goto(proposalPath))?.status()).toBe(200);
    await page.fill('#f-supportEmail', 'ohne-js@e2e.test');
    await page.check('#f-supportConsent');
    await Promise.all([page.waitForURL(`**${proposalPath}`), page.locator('main form.q-support-form button[type="submit"]').click()]);
    await waitForMail(e2e.server, 'ohne-js@e2e.test', 'Unterstützung');
  }, STEP_TIMEOUT);

  it('a resident switches to Turkish and then Arabic with the visible language switcher and still takes part', async () => {
    const visitor = await e2e.open();
    const { page, watch } = visitor;
    const switchTo = async (locale: 'tr' | 'ar', label: string) => {
      await Promise.all([page.waitForURL((u) => u.pathname === new URL(page.url()).pathname && !u.pathname.startsWith('/lang/')), page.locator(`nav.q-lang a[hreflang="${locale}"]`).click()]);
      await page.waitForFunction((l) => (globalThis as any).document.documentElement.lang === l, locale);
      await watch.check(label);
    };
    await watch.visit(surveyPath);
    expect(await page.evaluate(langDir)).toEqual({ lang: 'de', dir: 'ltr' });

    // Turkish: the survey's own words stay as staff wrote them, everything around them is Turkish.
    await switchTo('tr', 'the survey in Turkish');
    expect(await page.evaluate(langDir)).toEqual({ lang: 'tr', dir: 'ltr' });
    expect(await page.locator('nav.q-lang [aria-current="true"]').textContent()).toBe('Türkçe');
    expect((await page.locator('main form.q-survey-form button[type="submit"]').textContent())?.trim()).toBe('Yanıtları gönder');
    await page.locator('main form.q-survey-form fieldset').nth(0).locator('label:has-text("täglich")').click();
    await submit(visitor, 'main form.q-survey-form', 'survey results in Turkish');
    expect(new URL(page.url()).pathname).toBe(`${surveyPath}/results`);
    expect(await page.locator('main').textContent()).toContain('3 katılım');

    // Arabic: right to left, Arabic plural rules; the language stays while the resident moves on and supports.
    await switchTo('ar', 'survey results in Arabic');
    expect(await page.evaluate(langDir)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await page.locator('main').textContent()).toContain('3 مشاركات');
    await watch.visit(proposalPath);
    expect(await page.evaluate(langDir)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect((await page.locator('main form.q-support-form button[type="submit"]').textContent())?.trim()).toBe('ادعم');
    await page.fill('#f-supportEmail', 'arabisch@e2e.test');
    await submit(visitor, 'main form.q-support-form', 'support form in Arabic without consent');
    expect(await page.evaluate(langDir)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await page.locator('#error-summary a[href="#f-supportConsent"]').count()).toBe(1);
    await page.check('#f-supportConsent');
    await submit(visitor, 'main form.q-support-form', 'proposal after the support in Arabic');
    expect(await page.locator('main .kern-alert--info').first().textContent()).toContain('يُرجى تأكيد دعمك');
    // The confirmation mail is in the resident's language too, and so is the page behind its link.
    const arMail = await waitForMail(e2e.server, 'arabisch@e2e.test', 'يُرجى التأكيد');
    expect(arMail.text).toContain('/participation/confirm/');
    await watch.visit(linkIn(arMail, '/participation/confirm/'), { label: 'confirmation page of the support in Arabic' });
    expect(await page.evaluate(langDir)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await page.locator('h1').textContent()).toBe('تأكيد دعمك');
    await submit(visitor, 'main form.q-confirm-form', 'proposal after confirming the support in Arabic');
    expect(new URL(page.url()).pathname).toBe(proposalPath);
    expect(await page.locator('main .kern-alert--success').textContent()).toContain('دعمك يُحتسب الآن.');
  }, STEP_TIMEOUT);
});
