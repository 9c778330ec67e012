/** Demo data: fictional concerns per programme area in several states, idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { seedDemo } from '../../demo';
import { seedTerritory } from '../territory';
import { listPublicConcerns } from './index';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
});
afterAll(async () => t?.close());

describe('demo concerns', () => {
  it('adds fictional concerns to every programme area once', async () => {
    const lines = await seedDemo(t.handle.db, t.tenant, { password: 'Demo-Passwort-2026!' });
    expect(lines.join('\n')).toContain('Anliegen (Demo): 9');
    const db = forTenant(t.handle.db, t.tenant.id);
    const all = await listPublicConcerns(db, { limit: 100 });
    expect(all.total).toBe(9);
    expect(new Set(all.items.map((c) => c.areaId)).size).toBe(4);
    expect(all.items.every((c) => c.areaId !== null)).toBe(true);
    expect(all.items.every((c) => c.description.endsWith('(Demo)'))).toBe(true);
    expect(new Set(all.items.map((c) => c.status))).toEqual(new Set(['received', 'accepted', 'forwarded', 'in_progress', 'resolved', 'not_responsible']));
    await seedDemo(t.handle.db, t.tenant, { password: 'Demo-Passwort-2026!' });
    expect((await listPublicConcerns(db, { limit: 100 })).total).toBe(9);
  });
});
