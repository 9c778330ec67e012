/** Demo data: one fictional public dialogue in Kray with participants, map, minutes, tasks and meetings; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { seedDemo } from '../../demo';
import { seedTerritory } from '../territory';
import { interestMap, listPublicDialogues, publicProgress } from './index';
import * as q from './dialogues.queries';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
});
afterAll(async () => t?.close());

describe('demo dialogue', () => {
  it('adds a fictional public dialogue with content once', async () => {
    await seedDemo(t.handle.db, t.tenant, { password: 'Demo-Passwort-2026!' });
    const db = forTenant(t.handle.db, t.tenant.id);
    const dialogues = await listPublicDialogues(db);
    expect(dialogues.map((d) => d.title)).toEqual(['Spielplatz am Marktplatz Kray (Demo)']);
    const d = dialogues[0]!;
    expect(d.phase).toBe('developing');
    const map = await interestMap(db, d.id);
    expect(map.participants.length).toBe(3);
    expect(map.participants.every((p) => p.name?.endsWith('(Demo)'))).toBe(true);
    expect(map.summary.map((s) => s.verdict)).toEqual(['agreement', 'conflict']);
    const progress = (await publicProgress(db, d.id))!;
    expect(progress.agenda.filter((a) => a.decision).length).toBe(2);
    expect(progress.tasks.map((x) => x.status).sort()).toEqual(['done', 'open']);
    expect((await q.listMeetings(db as never, d.id)).map((m) => m.type)).toEqual(['round_table', 'residents_assembly']);
    await seedDemo(t.handle.db, t.tenant, { password: 'Demo-Passwort-2026!' });
    expect((await listPublicDialogues(db)).length).toBe(1);
  });
});
