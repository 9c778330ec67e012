/**
 * Demo network: clearly fictional organisations (names marked "(Demo)") in Kray and Karnap with relationships, a few
 * contact people with a recorded legal basis (e-mail addresses under demo.example), and contacts — recent ones, an
 * open follow-up, and one old enough that the organisation shows up under "Lange kein Kontakt". Written through the
 * same services as real data. Idempotent: nothing is added when the tenant has organisations.
 */
import { dialectOf } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import type { CurrentUser, ServiceContext, Tenant } from '../../platform/http/context';
import { getAreaBySlug, listTopics } from '../territory';
import * as q from './network.queries';
import { tdb } from './network.refs';
import { addRelationship, createOrganisation, createPerson, listTypes, logContact } from './network.service';
import type { Logic, RelationshipKind } from './network.types';

interface DemoOrg {
  key: string;
  area: 'kray' | 'karnap';
  name: string;
  type: string;
  logic: Logic;
  topics: string[];
  address?: string;
  website?: string;
}

const ORGS: DemoOrg[] = [
  { key: 'school', area: 'kray', name: 'Grundschule am Krayer Markt (Demo)', type: 'school', logic: 'institution', topics: ['education', 'youth'], address: 'Krayer Markt 1 (Demo)' },
  { key: 'kita', area: 'kray', name: 'Kita Regenbogen Kray (Demo)', type: 'daycare', logic: 'institution', topics: ['youth'] },
  { key: 'club', area: 'kray', name: 'Bürgerverein Kray (Demo)', type: 'association', logic: 'district', topics: ['participation', 'culture'], website: 'https://buergerverein.demo.example' },
  { key: 'police', area: 'kray', name: 'Polizei – Bezirksdienst Kray (Demo)', type: 'police', logic: 'administration', topics: ['safety'] },
  { key: 'housing', area: 'kray', name: 'Wohnen am Park eG (Demo)', type: 'housing', logic: 'business', topics: ['housing'] },
  { key: 'bv', area: 'kray', name: 'Bezirksvertretung VII (Demo)', type: 'political_body', logic: 'politics', topics: ['neighbourhood_development'] },
  { key: 'foundation', area: 'kray', name: 'Stiftung Nachbarschaft (Demo)', type: 'foundation', logic: 'institution', topics: ['participation'] },
  { key: 'mosque', area: 'karnap', name: 'Moscheegemeinde Karnap (Demo)', type: 'faith_community', logic: 'institution', topics: ['integration'] },
  { key: 'initiative', area: 'karnap', name: 'Initiative Grünes Karnap (Demo)', type: 'residents_initiative', logic: 'district', topics: ['green_environment'] },
];

const RELATIONS: [string, RelationshipKind, string, string | null][] = [
  ['club', 'cooperates_with', 'school', '2024-09-01'],
  ['foundation', 'funds', 'club', '2025-01-01'],
  ['school', 'cooperates_with', 'kita', null],
  ['housing', 'member_of', 'club', '2023-03-01'],
];

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
}

export async function seedDemoNetwork(ctx: { db: TenantDb<any>; tenant: { id: string; slug: string; name: string }; lines: string[] }): Promise<void> {
  const db = ctx.db;
  if ((await q.countOrganisations(tdb(db), { scope: 'all' })) > 0) return;
  const kray = await getAreaBySlug(db, 'kray');
  const karnap = await getAreaBySlug(db, 'karnap');
  if (!kray || !karnap) return;
  const area = { kray: kray.id, karnap: karnap.id };
  const system: CurrentUser = { id: 'usr_demo0000system', email: 'demo@demo.example', displayName: 'Demo', organisation: null, locale: null, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] };
  const tenant: Tenant = { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name, defaultLocale: 'de' };
  const sc: ServiceContext = { tenant, db, user: system, requestId: null, dialect: dialectOf(db) };
  const types = await listTypes(db);
  const topics = await listTopics(db);
  const topicIds = (keys: string[]) => topics.filter((x) => keys.includes(x.key)).map((x) => x.id);

  const org: Record<string, string> = {};
  for (const o of ORGS) {
    const type = types.find((x) => x.key === o.type) ?? types[0]!;
    org[o.key] = await createOrganisation(sc, {
      name: o.name,
      typeId: type.id,
      logic: o.logic,
      areaIds: [area[o.area]],
      topicIds: topicIds(o.topics),
      address: o.address,
      website: o.website,
    });
  }
  for (const [from, kind, to, startsOn] of RELATIONS) await addRelationship(sc, org[from]!, { toOrgId: org[to]!, kind, startsOn: startsOn ?? undefined });

  const consent = { basis: 'consent' as const, purpose: 'Einladungen und Absprachen im Stadtteilnetzwerk (Demo)', method: 'written' as const, givenOn: daysAgo(200) };
  const head = await createPerson(sc, { name: 'Renate Rektorin (Demo)', email: 'schulleitung@demo.example', areaIds: [kray.id], orgId: org.school, role: 'Schulleitung', ...consent });
  const chair = await createPerson(sc, { name: 'Bodo Vorstand (Demo)', email: 'vorstand@demo.example', areaIds: [kray.id], orgId: org.club, role: 'Vorsitz', ...consent });
  const officer = await createPerson(sc, { name: 'Polizeihauptkommissarin Lea Bezirk (Demo)', phone: '0201 000000', areaIds: [kray.id], orgId: org.police, role: 'Bezirksbeamtin', basis: 'public_task', purpose: 'Sicherheitspartnerschaft im Stadtteil (Demo)', method: 'verbal', givenOn: daysAgo(120) });
  await createPerson(sc, { name: 'Imam Yusuf Beispiel (Demo)', email: 'gemeinde@demo.example', areaIds: [karnap.id], orgId: org.mosque, role: 'Vorstand', ...consent });

  let n = 0;
  const contacts = [
    { occurredOn: daysAgo(12), channel: 'in_person' as const, areaId: kray.id, orgIds: [org.school!, org.club!], personIds: [head, chair], topicIds: topicIds(['education']), note: 'Schulhoffest gemeinsam vorbereiten; Verein übernimmt den Kuchenstand. (Demo)', followUpOn: daysAgo(-14) },
    { occurredOn: daysAgo(30), channel: 'phone' as const, areaId: kray.id, orgIds: [org.police!], personIds: [officer], topicIds: topicIds(['safety']), note: 'Beleuchtung an der Unterführung angesprochen. (Demo)', followUpOn: daysAgo(2) },
    { occurredOn: daysAgo(45), channel: 'event' as const, areaId: kray.id, orgIds: [org.club!, org.bv!, org.housing!], personIds: [chair], topicIds: topicIds(['neighbourhood_development']), note: 'Stadtteilkonferenz: Themen für 2027 gesammelt. (Demo)' },
    { occurredOn: daysAgo(400), channel: 'email' as const, areaId: karnap.id, orgIds: [org.initiative!], personIds: [], topicIds: topicIds(['green_environment']), note: 'Baumpatenschaften angefragt. (Demo)' },
  ];
  for (const c of contacts) {
    await logContact(sc, c);
    n++;
  }
  ctx.lines.push(`  Netzwerk (Demo): ${ORGS.length} Organisationen, 4 Personen, ${n} Kontakte`);
}
