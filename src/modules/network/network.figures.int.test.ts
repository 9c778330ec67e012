/**
 * contactActivity on a real database (SQLite and PostgreSQL): a small contact log whose figures were counted by
 * hand, the period's first and last day against the days around them, the reader's report scope (one area, none,
 * no reports.read at all), empty areas, another tenant; and the bench generator's rows against the figures.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import type { CurrentUser } from '../../platform/http/context';
import { getAreaBySlug, seedTerritory } from '../territory';
// eslint-disable-next-line no-restricted-imports -- the bench generator (not a module) is checked against the figures it feeds
import { generateNetworkActivity } from '../../../bench/activity/network';
import { contactActivity, updateContact, updateOrganisation } from './index';
import { ctxFor, makeContact, makeOrg, principal, typeId } from './test/factories';

let t: TestApp;
let kray: string;
let karnap: string;
let otherKray: string;
const MARCH = { from: '2025-03-01', to: '2025-03-31' };

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  kray = (await getAreaBySlug(ctxFor(t, null).db, 'kray'))!.id;
  karnap = (await getAreaBySlug(ctxFor(t, null).db, 'karnap'))!.id;
  otherKray = (await getAreaBySlug(ctxFor(t, null, t.other.id).db, 'kray'))!.id;

  const admin = ctxFor(t, principal('admin'));
  const a = await makeOrg(admin, { name: 'Bürgerverein A (Demo)', typeKey: 'association', logic: 'district', areaIds: [kray] });
  const b = await makeOrg(admin, { name: 'Sportverein B (Demo)', typeKey: 'association', logic: 'district', areaIds: [kray] });
  const school = await makeOrg(admin, { name: 'Grundschule (Demo)', typeKey: 'school', logic: 'institution', areaIds: [kray] });
  // A school whose own logic differs from its type's default: counted under its own logic.
  const school2 = await makeOrg(admin, { name: 'Schulförderverein-Schule (Demo)', typeKey: 'school', logic: 'district', areaIds: [kray] });
  const dept = await makeOrg(admin, { name: 'Jugendamt (Demo)', typeKey: 'city_department', logic: 'administration', areaIds: [kray] });
  const k = await makeOrg(admin, { name: 'Verein Karnap (Demo)', typeKey: 'association', logic: 'district', areaIds: [karnap] });

  // In March 2025, Kray: 5 contacts.
  await makeContact(admin, { occurredOn: '2025-03-01', channel: 'phone', areaId: kray, orgIds: [a, b] }); // association ×1, district ×1
  await makeContact(admin, { occurredOn: '2025-03-15', channel: 'in_person', areaId: kray, orgIds: [a, school] }); // association, school; district, institution
  await makeContact(admin, { occurredOn: '2025-03-31', channel: 'email', areaId: kray, orgIds: [] }); // none — last day of the period
  await makeContact(admin, { occurredOn: '2025-03-10', channel: 'outreach', areaId: kray, orgIds: [school, dept] }); // school, city_department; institution, administration
  await makeContact(admin, { occurredOn: '2025-03-05', channel: 'in_person', areaId: kray, orgIds: [school2] }); // school; district
  // Karnap, in March: 1 contact.
  await makeContact(admin, { occurredOn: '2025-03-20', channel: 'event', areaId: karnap, orgIds: [k] }); // association; district
  // Outside the period or outside every area: not counted.
  await makeContact(admin, { occurredOn: '2025-04-01', channel: 'phone', areaId: kray, orgIds: [a] }); // the day after
  await makeContact(admin, { occurredOn: '2025-02-28', channel: 'phone', areaId: kray, orgIds: [school] }); // the day before
  await makeContact(admin, { occurredOn: '2025-03-10', channel: 'phone', orgIds: [a] }); // no programme area
  // Another tenant, same period: never counted here.
  const otherAdmin = ctxFor(t, principal('admin'), t.other.id);
  await makeContact(otherAdmin, { occurredOn: '2025-03-10', channel: 'phone', areaId: otherKray, orgIds: [] });
});
afterAll(async () => {
  await t?.close();
});

function viewer(areaIds: string[]): CurrentUser {
  return principal('viewer', { areaIds });
}

describe('contactActivity', () => {
  it('counts the contacts of the period by organisation type, logic and channel (hand-counted fixture)', async () => {
    const kr = await contactActivity(ctxFor(t, principal('admin')), { areaIds: [kray], ...MARCH });
    expect(kr).toEqual({
      total: 5,
      byActorType: [
        { key: 'school', count: 3 },
        { key: 'association', count: 2 },
        { key: 'city_department', count: 1 },
        { key: 'none', count: 1 },
      ],
      byLogic: [
        { key: 'district', count: 3 },
        { key: 'institution', count: 2 },
        { key: 'administration', count: 1 },
        { key: 'none', count: 1 },
      ],
      byChannel: [
        { key: 'in_person', count: 2 },
        { key: 'email', count: 1 },
        { key: 'outreach', count: 1 },
        { key: 'phone', count: 1 },
      ],
    });
    const both = await contactActivity(ctxFor(t, principal('coordinator')), { areaIds: [kray, karnap], ...MARCH });
    expect(both).toEqual({
      total: 6,
      byActorType: [
        { key: 'association', count: 3 },
        { key: 'school', count: 3 },
        { key: 'city_department', count: 1 },
        { key: 'none', count: 1 },
      ],
      byLogic: [
        { key: 'district', count: 4 },
        { key: 'institution', count: 2 },
        { key: 'administration', count: 1 },
        { key: 'none', count: 1 },
      ],
      byChannel: [
        { key: 'in_person', count: 2 },
        { key: 'email', count: 1 },
        { key: 'event', count: 1 },
        { key: 'outreach', count: 1 },
        { key: 'phone', count: 1 },
      ],
    });
  });

  it('takes the first and last day of the period and nothing around them', async () => {
    const admin = ctxFor(t, principal('admin'));
    expect((await contactActivity(admin, { areaIds: [kray], from: '2025-03-31', to: '2025-03-31' })).total).toBe(1);
    expect((await contactActivity(admin, { areaIds: [kray], from: '2025-04-01', to: '2025-04-01' })).byChannel).toEqual([{ key: 'phone', count: 1 }]);
    expect((await contactActivity(admin, { areaIds: [kray], from: '2025-02-28', to: '2025-03-01' })).total).toBe(2);
    expect((await contactActivity(admin, { areaIds: [kray], from: '2025-02-01', to: '2025-04-30' })).total).toBe(7);
  });

  it('answers only for the reader’s areas; empty areas give zeros; no reports.read is refused', async () => {
    const onlyKray = await contactActivity(ctxFor(t, viewer([kray])), { areaIds: [kray, karnap], ...MARCH });
    expect(onlyKray.total).toBe(5);
    expect(onlyKray.byChannel.find((c) => c.key === 'event')).toBeUndefined();
    const empty = { total: 0, byActorType: [], byLogic: [], byChannel: [] };
    expect(await contactActivity(ctxFor(t, viewer([kray])), { areaIds: [karnap], ...MARCH })).toEqual(empty);
    expect(await contactActivity(ctxFor(t, principal('admin')), { areaIds: [], ...MARCH })).toEqual(empty);
    // The other tenant's area ids show nothing of the other tenant here.
    expect(await contactActivity(ctxFor(t, principal('admin')), { areaIds: [otherKray], ...MARCH })).toEqual(empty);
    expect((await contactActivity(ctxFor(t, principal('admin'), t.other.id), { areaIds: [otherKray], ...MARCH })).total).toBe(1);

    const noRole: CurrentUser = { ...principal('viewer'), assignments: [] };
    await expect(contactActivity(ctxFor(t, noRole), { areaIds: [kray], ...MARCH })).rejects.toMatchObject({ status: 403 });
    await expect(contactActivity(ctxFor(t, null), { areaIds: [kray], ...MARCH })).rejects.toMatchObject({ status: 401 });
  });
});

describe('contactActivity after edits', () => {
  it('follows a changed organisation type and logic and a moved contact', async () => {
    const admin = ctxFor(t, principal('admin'));
    const JUNE = { from: '2025-06-01', to: '2025-06-30' };
    const org = await makeOrg(admin, { name: 'Nachbarschaftsverein (Demo)', typeKey: 'association', logic: 'district', areaIds: [karnap] });
    const contact = await makeContact(admin, { occurredOn: '2025-06-10', channel: 'phone', areaId: karnap, orgIds: [org] });
    expect((await contactActivity(admin, { areaIds: [karnap], ...JUNE })).byActorType).toEqual([{ key: 'association', count: 1 }]);

    await updateOrganisation(admin, org, { name: 'Nachbarschaftsstiftung (Demo)', typeId: await typeId(admin, 'foundation'), logic: 'institution', areaIds: [karnap], topicIds: [] });
    const after = await contactActivity(admin, { areaIds: [karnap], ...JUNE });
    expect(after.byActorType).toEqual([{ key: 'foundation', count: 1 }]);
    expect(after.byLogic).toEqual([{ key: 'institution', count: 1 }]);

    // A second organisation of the contact: its type changes to the first one's and back (counted once, then twice).
    const other = await makeOrg(admin, { name: 'Kita Sonnenschein (Demo)', typeKey: 'daycare', logic: 'institution', areaIds: [karnap] });
    await updateContact(admin, contact, { occurredOn: '2025-06-10', channel: 'phone', areaId: karnap, orgIds: [other, org], personIds: [], topicIds: [] });
    expect((await contactActivity(admin, { areaIds: [karnap], ...JUNE })).byActorType).toEqual([
      { key: 'daycare', count: 1 },
      { key: 'foundation', count: 1 },
    ]);
    await updateOrganisation(admin, other, { name: 'Kita-Stiftung (Demo)', typeId: await typeId(admin, 'foundation'), logic: 'institution', areaIds: [karnap], topicIds: [] });
    const same = await contactActivity(admin, { areaIds: [karnap], ...JUNE });
    expect(same).toEqual({ total: 1, byActorType: [{ key: 'foundation', count: 1 }], byLogic: [{ key: 'institution', count: 1 }], byChannel: [{ key: 'phone', count: 1 }] });
    await updateOrganisation(admin, org, { name: 'Nachbarschaftsverein (Demo)', typeId: await typeId(admin, 'association'), logic: 'district', areaIds: [karnap], topicIds: [] });
    expect(await contactActivity(admin, { areaIds: [karnap], ...JUNE })).toEqual({
      total: 1,
      byActorType: [
        { key: 'association', count: 1 },
        { key: 'foundation', count: 1 },
      ],
      byLogic: [
        { key: 'district', count: 1 },
        { key: 'institution', count: 1 },
      ],
      byChannel: [{ key: 'phone', count: 1 }],
    });
    await updateOrganisation(admin, org, { name: 'Nachbarschaftsstiftung (Demo)', typeId: await typeId(admin, 'foundation'), logic: 'institution', areaIds: [karnap], topicIds: [] });
    await updateContact(admin, contact, { occurredOn: '2025-06-10', channel: 'phone', areaId: karnap, orgIds: [org], personIds: [], topicIds: [] });

    // Moved to July and to Kray: gone from June in Karnap, there in July in Kray.
    await updateContact(admin, contact, { occurredOn: '2025-07-02', channel: 'phone', areaId: kray, orgIds: [org], personIds: [], topicIds: [] });
    expect(await contactActivity(admin, { areaIds: [karnap], ...JUNE })).toEqual({ total: 0, byActorType: [], byLogic: [], byChannel: [] });
    const july = await contactActivity(admin, { areaIds: [kray], from: '2025-07-01', to: '2025-07-31' });
    expect(july).toEqual({ total: 1, byActorType: [{ key: 'foundation', count: 1 }], byLogic: [{ key: 'institution', count: 1 }], byChannel: [{ key: 'phone', count: 1 }] });
  });
});

describe('generateNetworkActivity (bench)', () => {
  it('writes valid rows whose figures add up to what was generated', async () => {
    const g = await createTestApp();
    try {
      await seedTerritory(g.handle.db, g.tenant.id);
      const db = ctxFor(g, null).db;
      const areas = [(await getAreaBySlug(db, 'kray'))!.id, (await getAreaBySlug(db, 'karnap'))!.id];
      const o = { tenantId: g.tenant.id, areaIds: areas, districtNumbers: [16, 30], from: '2024-01-01', to: '2024-12-31', rows: 2000, seed: 7 };
      const res = await generateNetworkActivity(g.handle.db, o);
      const written = Object.values(res).reduce((s, n) => s + n, 0);
      expect(written).toBeGreaterThan(1500);
      expect(written).toBeLessThan(2500);
      expect(res.network_contacts).toBeGreaterThan(400);

      const ctx = ctxFor(g, principal('admin'));
      const year = await contactActivity(ctx, { areaIds: areas, from: o.from, to: o.to });
      const noArea = await sql<{ n: number | string }>`select count(*) as n from network_contacts where tenant_id = ${g.tenant.id} and area_id is null`.execute(g.handle.db);
      expect(year.total + Number(noArea.rows[0]!.n)).toBe(res.network_contacts);
      expect(year.byChannel.reduce((s, c) => s + c.count, 0)).toBe(year.total);
      // Each contact counts at least once by type and by logic, and at most once per organisation link (or 'none').
      const none = year.byActorType.find((c) => c.key === 'none')?.count ?? 0;
      for (const list of [year.byActorType, year.byLogic]) {
        const sum = list.reduce((s, c) => s + c.count, 0);
        expect(sum).toBeGreaterThanOrEqual(year.total);
        expect(sum).toBeLessThanOrEqual(res.network_contact_orgs! + none);
      }
      // Periods add up: two halves = the year; outside the generated days nothing.
      const h1 = await contactActivity(ctx, { areaIds: areas, from: '2024-01-01', to: '2024-06-30' });
      const h2 = await contactActivity(ctx, { areaIds: areas, from: '2024-07-01', to: '2024-12-31' });
      expect(h1.total + h2.total).toBe(year.total);
      expect(h1.total).toBeGreaterThan(0);
      expect((await contactActivity(ctx, { areaIds: areas, from: '2025-01-01', to: '2025-12-31' })).total).toBe(0);
      // One area only is less than both.
      expect((await contactActivity(ctx, { areaIds: [areas[0]!], from: o.from, to: o.to })).total).toBeLessThan(year.total);
    } finally {
      await g.close();
    }
  });
});
