/**
 * A resident's concern in the browser, from the form to the answer: open the form, submit with a mistake (no
 * description) — the error summary links to the field and moves the focus there — correct it, set the place by a
 * click on the map (the island fills the visible latitude/longitude fields), give an e-mail, submit, land on the
 * concern's page with its public number, follow the confirmation link from the e-mail (.eml in the harness's mail
 * folder) and confirm with the button on its page, find the concern on the public list and map. A second concern
 * is placed by choosing the Stadtteil only, and the form works with JavaScript off. Then staff change the status:
 * the public page shows it and the job queue (running in the server) writes the update e-mail. Every page is
 * checked by axe-core (no serious/critical violations), for a strict CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { linkIn, waitForMail } from '../support/auth';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { focused, horizontalOverflow } from './support/dom';
import { useE2e, type OpenPage } from './support/fixture';
import { E2E_USERS } from './support/server';

/** A place in Kray (Stadtteil and programme area Kray). */
const KRAY = { lat: 51.4746, lon: 7.0869 };
const EMAIL = 'anwohnerin@e2e.test';

describe.skipIf(!chromiumAvailable())('a resident reports a concern (Chromium)', () => {
  const e2e = useE2e({ JOBS_POLL_MS: '200' });
  let resident: OpenPage;
  let number = '';

  /** Clicks the picker map at a place (canvas position from the map's own projection, as the island computes it back). */
  async function clickMapAt(p: OpenPage, lat: number, lon: number): Promise<void> {
    const map = p.page.locator('#concern-pick');
    const [x0, y0, k] = (await map.getAttribute('data-q-map'))!.split(' ').map(Number) as [number, number, number];
    const [, , vbW, vbH] = (await map.getAttribute('viewBox'))!.split(' ').map(Number) as [number, number, number, number];
    const phi = (lat * Math.PI) / 180;
    const cx = ((lon + 180) / 360 - x0) * k;
    const cy = ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2 - y0) * k;
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    await p.page.mouse.click(box.x + (cx * box.width) / vbW, box.y + (cy * box.height) / vbH);
  }

  it('submits with a mistake, corrects it, sets the place by a map click and gets the public number', async () => {
    resident = await e2e.open();
    const { page, watch } = resident;
    await watch.visit('/concerns');
    await page.locator('main a[href="/concerns/new"]').click();
    await page.waitForURL('**/concerns/new');
    await watch.check('/concerns/new');
    // The map is an offer, not a requirement: the hint says so, and address and Stadtteil are there.
    expect(await page.locator('#f-address').count()).toBe(1);
    expect(await page.locator('#f-districtNumber').count()).toBe(1);
    await page.locator('#concern-pick-controls').waitFor({ state: 'visible' });

    // The place by a click on the map: the island fills the visible fields and marks the place.
    await clickMapAt(resident, KRAY.lat, KRAY.lon);
    const lat = Number(await page.inputValue('#f-lat'));
    const lon = Number(await page.inputValue('#f-lon'));
    expect(lat).toBeCloseTo(KRAY.lat, 2);
    expect(lon).toBeCloseTo(KRAY.lon, 2);
    expect(await page.locator('#f-lat').isVisible()).toBe(true);
    expect(await page.locator('#concern-pick circle.q-map-pick').count()).toBe(1);
    expect(await page.locator('#concern-pick-controls [role="status"]').textContent()).toMatch(/^Ort gesetzt: Breite 51\.\d{6}, Länge 7\.\d{6}$/);

    // The mistake: no description.
    await page.selectOption('#f-categoryId', { label: 'Vermüllung und wilde Müllkippen' });
    await page.fill('#f-email', EMAIL);
    await page.check('#f-subscribe');
    await submit(resident, 'main form.q-concern-form', '/concerns (form with an error)');
    const summary = page.locator('#error-summary');
    expect(await summary.count()).toBe(1);
    expect(await page.getAttribute('#f-description', 'aria-invalid')).toBe('true');
    // What the person gave is kept — the place too, drawn again on the map.
    expect(await page.inputValue('#f-email')).toBe(EMAIL);
    expect(Number(await page.inputValue('#f-lat'))).toBe(lat);
    await page.locator('#concern-pick circle.q-map-pick').waitFor({ state: 'attached' });
    await summary.locator('a[href="#f-description"]').click();
    expect(await page.evaluate(focused)).toMatchObject({ id: 'f-description', tag: 'textarea' });

    // The correction, typed into the focused field.
    await page.keyboard.type('Am Glascontainer an der Ecke liegen seit einer Woche Säcke und ein altes Sofa.');
    await submit(resident, 'main form.q-concern-form', 'the new concern');
    const m = /^\/concerns\/(\d{4}-\d{6})$/.exec(new URL(page.url()).pathname);
    expect(m, page.url()).not.toBeNull();
    number = m![1]!;
    expect(number.slice(0, 4)).toBe(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(new Date()));
    expect(await page.locator('h1').textContent()).toContain(number);
    expect(await page.locator('main .kern-alert--success').textContent()).toContain('bestätigen');
    const facts = (await page.locator('main dl.q-concern-facts').first().textContent()) ?? '';
    expect(facts).toContain('Kray');
    expect(await page.locator('main').textContent()).not.toContain(EMAIL);
  });

  it('confirms the e-mail address by the link in the e-mail and finds the concern on the public list and map', async () => {
    const { page, watch } = resident;
    const mail = await waitForMail(e2e.server, EMAIL, `Bitte bestätigen: Anliegen ${number}`);
    // The link shows a page with one button; only the button confirms (mail scanners open links too).
    await watch.visit(linkIn(mail, '/concerns/confirm/'), { label: 'confirmation page' });
    expect(await page.locator('h1').textContent()).toBe('E-Mail-Adresse bestätigen');
    expect(await page.locator('main').textContent()).toContain(`Anliegens ${number}`);
    await submit(resident, 'main form.q-confirm-form', `/concerns/${number} (after confirming)`);
    expect(new URL(page.url()).pathname).toBe(`/concerns/${number}`);
    expect(await page.locator('main .kern-alert--success').textContent()).toContain('Sie bekommen ab jetzt eine E-Mail');

    // The public list, filtered to Kray: the table and the area's map with the point.
    await watch.visit('/concerns');
    await page.selectOption('#f-area', { label: 'Kray' });
    await submit(resident, 'main form.q-filter', '/concerns?area=… (Kray)');
    expect(await page.locator('#concern-list').textContent()).toContain(number);
    const map = page.locator('#concern-map');
    expect(await map.locator('title').first().textContent()).toBe('Anliegen in Kray auf der Karte');
    const point = map.locator(`a[href="/concerns/${number}"]`);
    expect(await point.count()).toBe(1);
    expect(await point.getAttribute('aria-label')).toContain('Eingegangen');
    // The caption refers to the table as the list alternative.
    expect(await page.locator('#concern-map-figure figcaption a[href="#concern-list"]').count()).toBe(1);
    await Promise.all([page.waitForURL(`**/concerns/${number}`), point.click()]);
    await watch.check(`/concerns/${number} (from the map)`);
  });

  it('places a second concern by choosing the Stadtteil only — and the form works without JavaScript', async () => {
    const { page, watch } = resident;
    await watch.visit('/concerns/new');
    await page.selectOption('#f-categoryId', { label: 'Verkehr und Wege' });
    await page.fill('#f-description', 'Der Gehweg an der Schule ist voller Schlaglöcher.');
    await page.selectOption('#f-districtNumber', { label: 'Karnap' });
    await submit(resident, 'main form.q-concern-form', 'the second concern');
    expect(new URL(page.url()).pathname).toMatch(/^\/concerns\/\d{4}-\d{6}$/);
    expect(await page.locator('main dl.q-concern-facts').first().textContent()).toContain('Karnap');

    // JavaScript off: the map is a picture, its controls stay hidden, address and Stadtteil still work.
    // (axe needs JavaScript in the page; these pages were checked above.)
    const plain = await e2e.open({ javaScriptEnabled: false });
    expect((await plain.page.goto('/concerns/new'))?.status()).toBe(200);
    expect(await plain.page.locator('#concern-pick path').count()).toBeGreaterThan(1);
    expect(await plain.page.locator('#concern-pick-controls').isVisible()).toBe(false);
    await plain.page.selectOption('#f-categoryId', { label: 'Sonstiges' });
    await plain.page.fill('#f-description', 'Ohne JavaScript gemeldet: die Bank am Markt fehlt.');
    await plain.page.fill('#f-address', 'Karnaper Straße 100');
    await Promise.all([plain.page.waitForURL(/\/concerns\/\d{4}-\d{6}$/), plain.page.locator('main form.q-concern-form button[type="submit"]').click()]);
    expect(await plain.page.locator('h1').textContent()).toMatch(/Anliegen \d{4}-\d{6}/);

    // Narrow screens: the form with its map and the list with its map do not scroll sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/concerns/new', '/concerns']) {
      await page.goto(path);
      const o = await page.evaluate(horizontalOverflow);
      expect(o.scrollWidth, `${path} is wider than 320 px; widest parts:\n  ${o.culprits.join('\n  ')}`).toBeLessThanOrEqual(o.viewport);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('shows a status change by staff on the public page and e-mails the update', async () => {
    const staff = await e2e.open();
    await signIn(staff, E2E_USERS.coordinator);
    await staff.watch.visit('/staff/concerns');
    await staff.page.locator(`main a[href^="/staff/concerns/con_"]`, { hasText: number }).first().click();
    await staff.page.waitForURL('**/staff/concerns/con_*');
    await staff.watch.check(`staff detail of ${number}`);
    await staff.page.selectOption('#f-to', 'accepted');
    await staff.page.fill('#f-note', 'Danke! Wir haben die Entsorgungsbetriebe informiert.');
    await submit(staff, `main form[action$="/transition"]`, `staff detail of ${number} (accepted)`);
    expect(await staff.page.locator('main .kern-alert--success').count()).toBe(1);

    const { page, watch } = resident;
    await watch.visit(`/concerns/${number}`);
    expect(await page.locator('main .q-concern-status').first().textContent()).toBe('Angenommen');
    expect(await page.locator('main .q-concern-timeline').textContent()).toContain('Wir haben die Entsorgungsbetriebe informiert.');

    const update = await waitForMail(e2e.server, EMAIL, `Neuigkeiten zu Anliegen ${number}`);
    expect(update.text).toContain('Angenommen');
    expect(update.text).toContain('Wir haben die Entsorgungsbetriebe informiert.');
    expect(linkIn(update, '/concerns/')).toBe(`/concerns/${number}`);
  });
});
