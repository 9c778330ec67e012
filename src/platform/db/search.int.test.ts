import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/db';
import { forTenant } from './tenant-scope';
import { indexDocument, removeDocument, search, searchTerms } from './search';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  const a = forTenant<any>(t.handle.db, t.tenant.id);
  const b = forTenant<any>(t.handle.db, t.other.id);
  await indexDocument(a, { docType: 'offer', docId: 'o1', visibility: 'public', areaIds: ['a1'], title: 'Sprachcafé im Stadtteilbüro', body: 'Deutsch üben bei Kaffee und Kuchen, jeden Dienstag.', url: '/offers/o1' });
  await indexDocument(a, { docType: 'offer', docId: 'o2', visibility: 'staff', areaIds: ['a2'], title: 'Interne Runde Müllsammlung', body: 'Planung der Aktion am Mülheimer Platz', url: '/offers/o2' });
  await indexDocument(b, { docType: 'offer', docId: 'o9', visibility: 'public', areaIds: [], title: 'Sprachcafé Anderstadt', body: 'Nur im anderen Mandanten', url: '/offers/o9' });
});
afterAll(async () => t.close());

describe('full-text search', () => {
  it('finds by prefix, ignoring case and accents, only within the tenant', async () => {
    const a = forTenant<any>(t.handle.db, t.tenant.id);
    const hits = await search(a, 'sprachcaf', { audience: 'public' });
    expect(hits.map((h) => h.docId)).toEqual(['o1']);
    const accentless = await search(a, 'Sprachcafe', { audience: 'public' });
    expect(accentless.map((h) => h.docId)).toEqual(['o1']);
  });

  it('keeps staff documents out of public results', async () => {
    const a = forTenant<any>(t.handle.db, t.tenant.id);
    expect(await search(a, 'Müllsammlung', { audience: 'public' })).toEqual([]);
    const staff = await search(a, 'müllsammlung', { audience: 'staff' });
    expect(staff.map((h) => [h.docId, h.areaIds])).toEqual([['o2', ['a2']]]);
  });

  it('re-indexes and removes documents; operators in the query are inert', async () => {
    const a = forTenant<any>(t.handle.db, t.tenant.id);
    await indexDocument(a, { docType: 'offer', docId: 'o1', visibility: 'public', areaIds: ['a1'], title: 'Hausaufgabenhilfe', body: 'Für Kinder der Grundschule', url: '/offers/o1' });
    expect(await search(a, 'sprachcafé', { audience: 'public' })).toEqual([]);
    expect((await search(a, 'hausaufgaben', { audience: 'public' })).map((h) => h.docId)).toEqual(['o1']);
    expect(await search(a, '" OR * NEAR(', { audience: 'staff' })).toEqual([]);
    await removeDocument(a, 'offer', 'o1');
    expect(await search(a, 'hausaufgaben', { audience: 'public' })).toEqual([]);
  });

  it('splits queries into plain words', () => {
    expect(searchTerms('  Haus-Aufgaben "hilfe" OR*  ')).toEqual(['haus', 'aufgaben', 'hilfe', 'or']);
  });
});
