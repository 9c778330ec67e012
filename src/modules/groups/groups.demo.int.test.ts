/** The groups demo step: fictional groups marked "(Demo)" that fill both watch lists; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { seedTerritory } from '../territory';
import { seedDemoGroups } from './groups.demo';
import { listPublicGroups, watchLists } from './groups.service';
import { ctxFor, principal } from './test/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
});
afterAll(async () => t?.close());

describe('groups demo', () => {
  it('adds four demo groups once, with content in both watch lists and public pages', async () => {
    const db = forTenant(t.handle.db, t.tenant.id);
    const lines: string[] = [];
    await seedDemoGroups({ db, tenant: t.tenant, lines });
    await seedDemoGroups({ db, tenant: t.tenant, lines });
    expect(lines).toEqual(['  Gruppen (Demo): 4']);
    const w = await watchLists(ctxFor(t, principal('admin')));
    expect(w.close.map((s) => s.group.name)).toEqual(['Nachbarschaftsgarten Kray (Demo)']);
    expect(w.rising.map((s) => s.group.name).sort()).toEqual(['Elterncafé Kray (Demo)', 'Repair-Café Frohnhausen (Demo)']);
    expect((await listPublicGroups(db)).map((g) => g.name).sort()).toEqual(['Nachbarschaftsgarten Kray (Demo)', 'Repair-Café Frohnhausen (Demo)']);
  });
});
