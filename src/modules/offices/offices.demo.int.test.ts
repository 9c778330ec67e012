/** The demo step: offices with rooms, published offers, a request and advice entries; idempotent. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forTenant } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { seedTerritory } from '../territory';
import { listOffices, listPublishedOffers, listRoomChoices, seedDemoOffices } from './index';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
});
afterAll(async () => t?.close());

it('seeds fictional offices with offers once', async () => {
  const db = forTenant(t.handle.db, t.tenant.id);
  const lines: string[] = [];
  await seedDemoOffices({ db, tenant: t.tenant, lines });
  await seedDemoOffices({ db, tenant: t.tenant, lines });
  const offices = await listOffices(db);
  expect(offices.length).toBeGreaterThanOrEqual(3);
  expect(offices.every((o) => o.name.includes('(Demo)'))).toBe(true);
  expect((await listPublishedOffers(db, {})).length).toBe(offices.length * 4);
  expect((await listRoomChoices(db, { areaIds: 'all', bookableBy: 'groups' })).length).toBe(offices.length);
  expect(lines).toHaveLength(1);
  const page = await (await t.client().get('/offers')).text();
  expect(page).toContain('Sprachcafé (Demo)');
});
