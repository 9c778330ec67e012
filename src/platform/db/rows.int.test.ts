import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/support/db';
import { arrayRows } from './connection';
import { forTenant } from './tenant-scope';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await t.handle.db.schema
    .createTable('rows_probe')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('n', 'integer')
    .addColumn('at', t.handle.dialect === 'postgres' ? sql`timestamptz` : sql`text`)
    .execute();
});
afterAll(async () => t.close());

describe('arrayRows', () => {
  it('answers rows as arrays in select order, tenant-scoped, while other queries keep object rows', async () => {
    const a = forTenant<any>(t.handle.db, t.tenant.id);
    const b = forTenant<any>(t.handle.db, t.other.id);
    await a.insertInto('rows_probe').values([{ id: 'x', n: 1, at: '2026-11-25T10:00:00.000Z' }, { id: 'y', n: 2, at: '2026-11-25T11:30:00.000Z' }]).execute();
    await b.insertInto('rows_probe').values({ id: 'z', n: 3, at: '2026-11-25T12:00:00.000Z' }).execute();

    const q = a.selectFrom('rows_probe').select(['n', 'id', 'at']).orderBy('id');
    const rows = await arrayRows<[number, string, string]>(a, q);
    expect(rows).toEqual([
      [1, 'x', '2026-11-25T10:00:00.000Z'],
      [2, 'y', '2026-11-25T11:30:00.000Z'],
    ]);
    // The same query text without the mark still answers objects (the cached statements stay apart).
    expect(await q.execute()).toEqual([
      { n: 1, id: 'x', at: '2026-11-25T10:00:00.000Z' },
      { n: 2, id: 'y', at: '2026-11-25T11:30:00.000Z' },
    ]);
    // Inside a transaction as well; the other tenant's row never shows.
    const inTrx = await a.transaction().execute((trx) => arrayRows(trx, trx.selectFrom('rows_probe').select(['id']).orderBy('id')));
    expect(inTrx).toEqual([['x'], ['y']]);
    expect(await arrayRows(b, b.selectFrom('rows_probe').select(['id']))).toEqual([['z']]);
  });
});
