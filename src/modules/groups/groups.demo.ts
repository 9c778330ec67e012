/**
 * Demo groups: a few clearly fictional residents' groups (names marked "(Demo)") in different stages, with support
 * time over the last months (one of them rising), milestones and a public "looking for members" page. Written
 * through the same services as real ones. Idempotent: nothing is added when the tenant has groups.
 */
import type { CurrentUser, Tenant } from '../../platform/http/context';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { dialectOf } from '../../platform/db/dialect';
import type { ServiceContext } from '../../platform/http/context';
import { listAreas, listTopics } from '../territory';
import * as q from './groups.queries';
import { addMonths, monthOf, type Milestone, type Stage } from './groups.rules';
import { changeStage, createGroup, logSupportTime, setMilestones, today } from './groups.service';

interface DemoGroup {
  area: string;
  name: string;
  purpose: string;
  topics: string[];
  /** Stages to walk through after 'idea'. */
  stages: Stage[];
  /** Support hours per month, oldest first, ending last month. */
  hours: number[];
  milestones: Milestone[];
  publicText?: string;
  meetingInfo?: string;
}

const DEMO: DemoGroup[] = [
  {
    area: 'kray',
    name: 'Nachbarschaftsgarten Kray (Demo)',
    purpose: 'Eine Brachfläche gemeinsam zu einem Gemüse- und Blumengarten machen. (Demo)',
    topics: ['green_environment', 'participation'],
    stages: ['founded', 'accompanied', 'largely_independent'],
    hours: [10, 9, 8, 6, 5, 3],
    milestones: ['own_contact', 'regular_meetings', 'meets_without_staff', 'own_publicity', 'books_own_room'],
    publicText: 'Wir gärtnern zusammen und freuen uns über alle, die mitmachen – auch ohne Erfahrung. (Demo)',
    meetingInfo: 'Samstags 10 Uhr am Garten hinter dem Stadtteilbüro (Demo)',
  },
  {
    area: 'kray',
    name: 'Elterncafé Kray (Demo)',
    purpose: 'Eltern kleiner Kinder tauschen sich aus und organisieren gemeinsame Ausflüge. (Demo)',
    topics: ['youth', 'integration'],
    stages: ['founded', 'accompanied'],
    hours: [2, 2, 3, 4, 6, 7],
    milestones: ['regular_meetings'],
  },
  {
    area: 'frohnhausen',
    name: 'Repair-Café Frohnhausen (Demo)',
    purpose: 'Kaputte Geräte gemeinsam reparieren statt wegwerfen. (Demo)',
    topics: ['green_environment'],
    stages: ['founded'],
    hours: [0, 0, 4, 4, 5, 5],
    milestones: [],
    publicText: 'Wer gern schraubt, näht oder lötet, ist herzlich willkommen. (Demo)',
    meetingInfo: 'Jeden ersten Donnerstag im Monat, 17 Uhr (Demo)',
  },
  {
    area: 'karnap',
    name: 'Seniorentreff Karnap (Demo)',
    purpose: 'Ältere Menschen im Stadtteil treffen sich zum Kaffee und zu Ausflügen. (Demo)',
    topics: ['seniors'],
    stages: ['founded', 'accompanied', 'largely_independent', 'self_sustaining'],
    hours: [2, 1, 1, 0, 0, 0],
    milestones: ['own_contact', 'regular_meetings', 'meets_without_staff', 'books_own_room', 'own_funding', 'own_publicity', 'handover_done'],
  },
];

export async function seedDemoGroups(ctx: { db: TenantDb<any>; tenant: { id: string; slug: string; name: string }; lines: string[] }): Promise<void> {
  const db = ctx.db;
  if ((await q.listGroups(db as unknown as q.Db, { areaIds: 'all' })).length > 0) return;
  const [areas, topics] = await Promise.all([listAreas(db), listTopics(db)]);
  const system: CurrentUser = { id: 'usr_demo0000system', email: 'demo@demo.example', displayName: 'Demo-Stadtteilarbeit', organisation: null, locale: null, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] };
  const tenant: Tenant = { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name, defaultLocale: 'de' };
  const sc: ServiceContext = { tenant, db, user: system, requestId: null, dialect: dialectOf(db) };
  const current = monthOf(today());
  let n = 0;
  for (const d of DEMO) {
    const area = areas.find((a) => a.slug === d.area);
    if (!area) continue;
    const first = addMonths(current, -d.hours.length - 2);
    const g = await createGroup(sc, {
      name: d.name,
      areaId: area.id,
      purpose: d.purpose,
      startDate: `${first}-01`,
      topicIds: topics.filter((tp) => d.topics.includes(tp.key)).map((tp) => tp.id),
      contactPersonId: null,
      public: !!d.publicText,
      publicText: d.publicText ?? null,
      meetingInfo: d.meetingInfo ?? null,
    });
    for (const st of d.stages) await changeStage(sc, g.id, { to: st, note: null });
    for (let i = 0; i < d.hours.length; i++) {
      const h = d.hours[i]!;
      if (h > 0) await logSupportTime(sc, g.id, { month: addMonths(current, i - d.hours.length), hours: h });
    }
    if (d.milestones.length) await setMilestones(sc, g.id, Object.fromEntries(d.milestones.map((m, i) => [m, `${addMonths(current, -d.milestones.length + i)}-01`])));
    n++;
  }
  ctx.lines.push(`  Gruppen (Demo): ${n}`);
}
