import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/support/db';
import { forTenant, TenantScopeError } from './tenant-scope';
import { toBool } from './dialect';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  const db = t.handle.db;
  await db.schema
    .createTable('scope_probe')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('flag', t.handle.dialect === 'postgres' ? sql`boolean` : sql`integer`)
    .addPrimaryKeyConstraint('scope_probe_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createTable('scope_child')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('probe_id', 'text', (c) => c.notNull())
    .execute();
});
afterAll(async () => t.close());

describe('tenant-bound handle', () => {
  it('fills tenant_id on insert and only sees its own rows', async () => {
    const a = forTenant<any>(t.handle.db, t.tenant.id);
    const b = forTenant<any>(t.handle.db, t.other.id);
    await a.insertInto('scope_probe').values({ id: 'p1', name: 'A1', flag: true }).execute();
    await a.insertInto('scope_probe').values([{ id: 'p2', name: 'A2', flag: false }, { id: 'p3', name: 'A3', flag: true }]).execute();
    await b.insertInto('scope_probe').values({ id: 'p1', name: 'B1', flag: true }).execute();
    const rowsA = await a.selectFrom('scope_probe').selectAll().orderBy('id').execute();
    expect(rowsA.map((r) => r.name)).toEqual(['A1', 'A2', 'A3']);
    expect(rowsA.every((r) => r.tenant_id === t.tenant.id)).toBe(true);
    expect(rowsA.map((r) => toBool(r.flag))).toEqual([true, false, true]);
    const rowsB = await b.selectFrom('scope_probe as p').select(['p.name']).execute();
    expect(rowsB).toEqual([{ name: 'B1' }]);
    const all = await t.handle.db.selectFrom('scope_probe').select('id').execute();
    expect(all).toHaveLength(4);
  });

  it('scopes joins and subqueries', async () => {
    const a = forTenant<any>(t.handle.db, t.tenant.id);
    const b = forTenant<any>(t.handle.db, t.other.id);
    await a.insertInto('scope_child').values({ id: 'c1', probe_id: 'p1' }).execute();
    await b.insertInto('scope_child').values({ id: 'c1', probe_id: 'p1' }).execute();
    const joined = await a
      .selectFrom('scope_child')
      .innerJoin('scope_probe', 'scope_probe.id', 'scope_child.probe_id')
      .select(['scope_probe.name'])
      .execute();
    expect(joined).toEqual([{ name: 'A1' }]);
    const sub = await b
      .selectFrom('scope_probe')
      .select('name')
      .where('id', 'in', (eb: any) => eb.selectFrom('scope_child').select('probe_id'))
      .execute();
    expect(sub).toEqual([{ name: 'B1' }]);
  });

  it('cannot update or delete another tenant’s rows, nor move a row', async () => {
    const a = forTenant<any>(t.handle.db, t.tenant.id);
    await a.updateTable('scope_probe').set({ name: 'changed' }).where('id', '=', 'p1').execute();
    const b1 = await t.handle.db.selectFrom('scope_probe').select('name').where('tenant_id', '=', t.other.id).where('id', '=', 'p1').executeTakeFirst();
    expect(b1?.name).toBe('B1');
    await a.deleteFrom('scope_probe').where('id', '=', 'p1').execute();
    const left = await t.handle.db.selectFrom('scope_probe').select(['tenant_id']).where('id', '=', 'p1').execute();
    expect(left.map((r) => r.tenant_id)).toEqual([t.other.id]);
    expect(() => a.updateTable('scope_probe').set({ tenant_id: t.other.id }).compile()).toThrow(TenantScopeError);
    expect(() => a.insertInto('scope_probe').values({ tenant_id: t.other.id, id: 'x' }).compile()).toThrow(TenantScopeError);
  });
});
