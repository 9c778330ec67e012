/** The demo network on both databases: written through the services, idempotent, and shows in the views. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { getAreaBySlug, seedTerritory } from '../territory';
import { listContacts, listOrganisations, networkGraph, quietActors, seedDemoNetwork } from './index';
import { ctxFor, principal } from './test/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
});
afterAll(async () => t?.close());

describe('demo network', () => {
  it('seeds organisations, relationships, people and contacts once', async () => {
    const admin = ctxFor(t, principal('admin'));
    const lines: string[] = [];
    const tenant = { id: t.tenant.id, slug: t.tenant.slug, name: t.tenant.name };
    await seedDemoNetwork({ db: admin.db, tenant, lines });
    await seedDemoNetwork({ db: admin.db, tenant, lines });
    expect(lines).toHaveLength(1);
    expect((await listOrganisations(admin)).total).toBe(9);
    expect((await listContacts(admin)).total).toBe(4);
    const kray = (await getAreaBySlug(admin.db, 'kray'))!.id;
    const karnap = (await getAreaBySlug(admin.db, 'karnap'))!.id;
    const g = await networkGraph(admin, { areaId: kray });
    expect(g.relationships).toHaveLength(4);
    expect(g.contactLinks.length).toBeGreaterThan(0);
    const quiet = await quietActors(admin, karnap, 6);
    expect(quiet.map((a) => a.name)).toContain('Initiative Grünes Karnap (Demo)');
  });
});
