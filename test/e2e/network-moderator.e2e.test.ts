/**
 * A moderator of Kray works with the network in the browser: creates an organisation (a failed first try shows the
 * error summary and changes nothing), a second one and a relationship between them, a person with a recorded
 * consent and a membership, logs a contact with both organisations and the person (the no-case-files hint is on the
 * form), and sees the network view — the SVG graph with its table alternative. Every page is checked by axe-core
 * (no serious/critical violations), for a strict CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { createUserAsSystem } from '../../src/platform/auth/users.service';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { getAreaBySlug } from '../../src/modules/territory';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { useE2e, type OpenPage } from './support/fixture';

const MODERATOR = { email: 'moderation.kray@e2e.test', password: 'E2e-Moderation-Kray-2026', displayName: 'Mo Moderation' };

describe.skipIf(!chromiumAvailable())('network: organisations, people, contacts and the network view (Chromium)', () => {
  const e2e = useE2e();
  let mod: OpenPage;
  let krayId = '';

  it('prepares a moderator of Kray', async () => {
    const root = e2e.server.running.handle.db;
    const row = await root.selectFrom('tenants').select(['id']).executeTakeFirstOrThrow();
    const db = forTenant(root, row.id);
    krayId = (await getAreaBySlug(db, 'kray'))!.id;
    await createUserAsSystem(db, { ...MODERATOR, assignments: [{ role: 'moderator', allAreas: false, areaIds: [krayId] }] }, { id: null, label: 'e2e' });
  });

  it('creates two organisations (after a failed first try) and a relationship', async () => {
    mod = await e2e.open();
    const { page, watch } = mod;
    await signIn(mod, MODERATOR);
    await watch.visit('/staff/network/organisations/new');
    // Nothing filled in: the error summary links to the fields.
    await submit(mod, 'main form[action="/staff/network/organisations"]', 'organisation form with errors');
    expect(await page.locator('#error-summary a[href="#f-name"]').count()).toBe(1);
    expect(await page.locator('#error-summary a[href="#f-areaIds"]').count()).toBe(1);

    await page.fill('#f-name', 'Grundschule an der Krayer Straße (Demo)');
    await page.selectOption('#f-typeId', { label: 'Schule' });
    await page.locator('#f-logic').getByLabel('Institution').check();
    await page.locator('#f-areaIds').getByLabel('Kray').check();
    await page.locator('#f-topicIds').getByLabel('Bildung').check();
    await page.fill('#f-address', 'Krayer Straße 1');
    await page.fill('#f-lat', '51.4746');
    await page.fill('#f-lon', '7.0869');
    await page.fill('#f-website', 'https://schule.example');
    await submit(mod, 'main form[action="/staff/network/organisations"]', 'school created');
    expect(await page.locator('main h1').textContent()).toBe('Grundschule an der Krayer Straße (Demo)');
    expect(await page.locator('main .kern-alert--success').count()).toBe(1);
    expect(await page.locator('main dl.q-concern-facts').textContent()).toContain('Kray');

    await watch.visit('/staff/network/organisations/new');
    await page.fill('#f-name', 'Förderverein der Grundschule (Demo)');
    await page.selectOption('#f-typeId', { label: 'Verein' });
    await page.locator('#f-logic').getByLabel('Stadtteil / Bewohner*innen').check();
    await page.locator('#f-areaIds').getByLabel('Kray').check();
    await page.locator('#f-topicIds').getByLabel('Bildung').check();
    await submit(mod, 'main form[action="/staff/network/organisations"]', 'association created');

    // The association funds the school.
    await page.locator('details summary', { hasText: 'Beziehung hinzufügen' }).click();
    await page.selectOption('#f-kind', 'funds');
    await page.selectOption('#f-toOrgId', { label: 'Grundschule an der Krayer Straße (Demo)' });
    await page.fill('#f-startsOn', '2025-08-01');
    await submit(mod, 'main form[action$="/relationships"]', 'relationship added');
    expect(await page.locator('main section[aria-labelledby="rel-heading"] table').textContent()).toContain('fördert');
  });

  it('creates a person with consent and membership', async () => {
    const { page, watch } = mod;
    await watch.visit('/staff/network/people/new');
    await page.fill('#f-name', 'Frau Dr. Beispiel (Demo)');
    await page.fill('#f-email', 'schulleitung@schule.example');
    await page.locator('#f-areaIds').getByLabel('Kray').check();
    await page.selectOption('#f-orgId', { label: 'Grundschule an der Krayer Straße (Demo)' });
    await page.fill('#f-role', 'Schulleitung');
    await page.locator('#f-basis').getByLabel('Einwilligung (Art. 6 Abs. 1 a DSGVO)').check();
    await page.fill('#f-purpose', 'Einladungen zur Stadtteilkonferenz und Rückfragen');
    await page.selectOption('#f-method', 'written');
    await page.fill('#f-givenOn', '2026-09-01');
    await submit(mod, 'main form[action="/staff/network/people"]', 'person created');
    expect(await page.locator('main h1').textContent()).toBe('Frau Dr. Beispiel (Demo)');
    expect(await page.locator('main section[aria-labelledby="mem-heading"] table').textContent()).toContain('Schulleitung');
    expect(await page.locator('main section[aria-labelledby="consent-heading"] table').textContent()).toContain('Einladungen zur Stadtteilkonferenz');
  });

  it('logs a contact with both organisations and the person', async () => {
    const { page, watch } = mod;
    await watch.visit('/staff/network/contacts/new');
    expect(await page.locator('main .kern-alert--warning').textContent()).toContain('Keine Fallakten');
    await page.fill('#f-occurredOn', '2026-11-20');
    await page.locator('#f-channel').getByLabel('Persönlich').check();
    await page.selectOption('#f-areaId', krayId);
    await page.locator('#f-orgIds').getByLabel('Grundschule an der Krayer Straße (Demo)').check();
    await page.locator('#f-orgIds').getByLabel('Förderverein der Grundschule (Demo)').check();
    await page.locator('#f-personIds').getByLabel('Frau Dr. Beispiel (Demo)').check();
    await page.locator('#f-topicIds').getByLabel('Bildung').check();
    await page.fill('#f-note', 'Schulhoffest im Frühjahr gemeinsam planen.');
    await page.fill('#f-followUpOn', '2026-12-15');
    await submit(mod, 'main form[action="/staff/network/contacts"]', 'contact logged');
    const table = await page.locator('main table').textContent();
    expect(table).toContain('Frau Dr. Beispiel (Demo)');
    expect(table).toContain('Schulhoffest');
  });

  it('shows the network view as a graph with a table alternative', async () => {
    const { page, watch } = mod;
    await watch.visit('/staff/network');
    // The moderator works in one area only: it is chosen.
    const svg = page.locator('main figure svg[role="img"]');
    expect(await svg.count()).toBe(1);
    expect(await svg.locator('title').textContent()).toContain('Kray');
    expect(await svg.locator('line').count()).toBeGreaterThanOrEqual(2); // the relationship and the shared contact
    const tables = await page.locator('#network-table').textContent();
    expect(tables).toContain('Grundschule an der Krayer Straße (Demo)');
    expect(tables).toContain('Förderverein der Grundschule (Demo) – fördert – Grundschule an der Krayer Straße (Demo)');
    await page.selectOption('#f-topicId', { label: 'Bildung' });
    await submit(mod, 'main form.q-filter', 'network view filtered by topic');
    expect(await page.locator('main figure svg').count()).toBe(1);
    // Everyone in Kray was contacted in the last 6 months.
    await watch.visit('/staff/network/quiet');
    expect(await page.locator('main .q-empty').textContent()).toContain('Mit allen Akteur*innen');
  });
});
