/**
 * The network module's contract with other modules on a real database (SQLite and PostgreSQL): organisation and
 * person references, the choice lists (programme-area scope; people only with a legal basis not withdrawn), and
 * person-data providers called by the GDPR export and erasure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { getAreaBySlug, seedTerritory } from '../territory';
import {
  erasePerson,
  exportPerson,
  getOrganisationRefs,
  getPersonRefs,
  listOrganisationChoices,
  listPersonChoices,
  listTypes,
  registerPersonDataProvider,
  withdrawConsent,
  getPersonDetail,
} from './index';
import { ctxFor, makeOrg, makePerson, principal } from './test/factories';

let t: TestApp;
let kray: string;
let karnap: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  const db = ctxFor(t, null).db;
  kray = (await getAreaBySlug(db, 'kray'))!.id;
  karnap = (await getAreaBySlug(db, 'karnap'))!.id;
});
afterAll(async () => {
  await t?.close();
});

describe('network contract', () => {
  it('seeds the 12 organisation types once per tenant', async () => {
    const db = ctxFor(t, null).db;
    const types = await listTypes(db);
    expect(types.map((x) => x.key)).toEqual([
      'association', 'school', 'daycare', 'police', 'housing', 'social_provider', 'city_department', 'political_body', 'faith_community', 'business', 'residents_initiative', 'foundation',
    ]);
    expect(await listTypes(db)).toHaveLength(12);
  });

  it('resolves refs and lists choices within programme areas', async () => {
    const admin = ctxFor(t, principal('admin'));
    const school = await makeOrg(admin, { name: 'Grundschule Kray (Demo)', typeKey: 'school', logic: 'institution', areaIds: [kray] });
    const club = await makeOrg(admin, { name: 'Bürgerverein Karnap (Demo)', areaIds: [karnap] });
    const anna = await makePerson(admin, { name: 'Anna Kray', areaIds: [kray], orgId: school, role: 'Schulleitung' });
    const bert = await makePerson(admin, { name: 'Bert Karnap', areaIds: [karnap] });

    const refs = await getOrganisationRefs(admin.db, [club, school, 'org_unknown']);
    expect(refs).toEqual([
      { id: club, name: 'Bürgerverein Karnap (Demo)', typeKey: 'association', logic: 'district', areaIds: [karnap] },
      { id: school, name: 'Grundschule Kray (Demo)', typeKey: 'school', logic: 'institution', areaIds: [kray] },
    ]);
    const people = await getPersonRefs(admin.db, [anna, bert]);
    expect(people.find((p) => p.id === anna)).toEqual({ id: anna, name: 'Anna Kray', organisations: [{ id: school, name: 'Grundschule Kray (Demo)', role: 'Schulleitung' }], areaIds: [kray] });

    expect((await listOrganisationChoices(admin.db, { areaIds: [kray] })).map((o) => o.id)).toEqual([school]);
    expect((await listOrganisationChoices(admin.db, { areaIds: 'all' })).map((o) => o.id).sort()).toEqual([club, school].sort());
    expect((await listOrganisationChoices(admin.db, { areaIds: [] }))).toEqual([]);
    expect((await listPersonChoices(admin.db, { areaIds: [karnap] })).map((p) => p.id)).toEqual([bert]);

    // A withdrawn consent takes the person off the choice lists (but not off the refs).
    const consent = (await getPersonDetail(admin, bert)).consents[0]!;
    await withdrawConsent(admin, bert, consent.id);
    expect(await listPersonChoices(admin.db, { areaIds: [karnap] })).toEqual([]);
    expect((await getPersonRefs(admin.db, [bert])).map((p) => p.id)).toEqual([bert]);
  });

  it('asks registered providers for export and erasure; erased people vanish from refs', async () => {
    const admin = ctxFor(t, principal('admin'));
    const id = await makePerson(admin, { name: 'Carla Provider', areaIds: [kray] });
    const erased: string[] = [];
    const off = registerPersonDataProvider({
      name: 'testmodule',
      export: async (_db, personId) => ({ seen: personId }),
      erase: async (_db, personId) => {
        erased.push(personId);
      },
    });
    try {
      const data = await exportPerson(admin, id);
      expect(data.person.name).toBe('Carla Provider');
      expect(data.otherModules.testmodule).toEqual({ seen: id });
      await erasePerson(admin, id);
      expect(erased).toEqual([id]);
      expect(await getPersonRefs(admin.db, [id])).toEqual([]);
    } finally {
      off();
    }
  });
});
