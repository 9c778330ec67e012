/**
 * Demo concerns: a few clearly fictional concerns per programme area (texts marked "(Demo)"), in different states,
 * placed through the same service as real ones. Idempotent: nothing is added when the tenant has concerns.
 */
import type { CurrentUser, Tenant } from '../../platform/http/context';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { dialectOf } from '../../platform/db/dialect';
import { listAreas } from '../territory';
import * as q from './concerns.queries';
import { ensureCategories, listCategories, submitConcern, supportConcern, transitionConcern, type ConcernContext } from './concerns.service';
import type { Channel, Status } from './concerns.types';

interface DemoConcern {
  area: string;
  category: string;
  text: string;
  channel: Channel;
  /** Walk the workflow to this status. */
  status?: Status;
  supports?: number;
}

const DEMO: DemoConcern[] = [
  { area: 'kray', category: 'littering', text: 'Am Wertstoffcontainer liegen seit einer Woche Säcke und ein altes Sofa. (Demo)', channel: 'web', status: 'forwarded', supports: 4 },
  { area: 'kray', category: 'green_spaces', text: 'Die Rutsche auf dem Spielplatz hat eine scharfe Kante. (Demo)', channel: 'office_visit', status: 'in_progress', supports: 2 },
  { area: 'kray', category: 'living_together', text: 'Wir wünschen uns einen Treffpunkt für Nachbarinnen und Nachbarn am Wochenende. (Demo)', channel: 'meeting' },
  { area: 'karnap', category: 'traffic', text: 'Der Gehweg ist an der Bushaltestelle so schmal, dass Kinderwagen auf die Straße müssen. (Demo)', channel: 'phone', status: 'accepted', supports: 3 },
  { area: 'karnap', category: 'littering', text: 'Im Grünstreifen liegen regelmäßig Glasscherben. (Demo)', channel: 'outreach', status: 'resolved', supports: 1 },
  { area: 'frohnhausen', category: 'safety', text: 'Die Unterführung ist abends sehr dunkel, eine Lampe ist defekt. (Demo)', channel: 'web', status: 'forwarded', supports: 5 },
  { area: 'frohnhausen', category: 'participation', text: 'Idee: ein Bücherschrank am Marktplatz. (Demo)', channel: 'email' },
  { area: 'bergmannsfeld-hoersterfeld', category: 'housing', text: 'Im Hausflur funktioniert das Licht seit Wochen nicht; die Verwaltung antwortet nicht. (Demo)', channel: 'office_visit', status: 'not_responsible' },
  { area: 'bergmannsfeld-hoersterfeld', category: 'green_spaces', text: 'Die Bänke am Teich sind kaputt. (Demo)', channel: 'web', supports: 2 },
];

const PATH: Status[] = ['accepted', 'forwarded', 'in_progress', 'resolved'];

export async function seedDemoConcerns(ctx: { db: TenantDb<any>; tenant: { id: string; slug: string; name: string }; lines: string[] }): Promise<void> {
  const db = ctx.db;
  if ((await q.listConcerns(db as unknown as q.Db, { scope: 'all', limit: 1 })).total > 0) return;
  await ensureCategories(db);
  const cats = await listCategories(db);
  const areas = await listAreas(db);
  const system: CurrentUser = { id: 'usr_demo0000system', email: 'demo@demo.example', displayName: 'Demo', organisation: null, locale: null, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] };
  const tenant: Tenant = { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name, defaultLocale: 'de' };
  const sc: ConcernContext = { tenant, db, user: system, requestId: null, dialect: dialectOf(db), mail: null };
  let n = 0;
  for (const d of DEMO) {
    const area = areas.find((a) => a.slug === d.area);
    const category = cats.find((c) => c.key === d.category);
    if (!area || !category) continue;
    // Place at the area's centre (bbox middle) when it is inside; else by its first Stadtteil.
    const [w, s, e, nn] = area.bbox;
    const point = { lat: (s + nn) / 2, lon: (w + e) / 2 };
    let concern;
    try {
      concern = (await submitConcern(sc, { categoryId: category.id, description: d.text, channel: d.channel, ...point })).concern;
    } catch {
      concern = (await submitConcern(sc, { categoryId: category.id, description: d.text, channel: d.channel, districtNumber: area.districts[0]?.number ?? null })).concern;
    }
    if (d.status === 'not_responsible') await transitionConcern(sc, concern.id, { to: 'not_responsible', reason: 'Bitte wenden Sie sich an Ihre Hausverwaltung; das Stadtteilbüro hilft beim Schreiben. (Demo)' });
    else if (d.status) {
      for (const st of PATH.slice(0, PATH.indexOf(d.status) + 1)) {
        await transitionConcern(sc, concern.id, { to: st, department: st === 'forwarded' ? (category.department ?? 'Stadtteilbüro') : null, note: st === 'resolved' ? 'Erledigt, danke für den Hinweis. (Demo)' : null });
      }
    }
    for (let i = 0; i < (d.supports ?? 0); i++) await supportConcern(db, concern.number, { fingerprint: `demo-${concern.id}-${i}`, ipHash: `demo-${i}` });
    n++;
  }
  ctx.lines.push(`  Anliegen (Demo): ${n}`);
}
