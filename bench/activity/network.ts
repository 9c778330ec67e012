/**
 * Generated network activity for the reports bench: clearly fictional organisations ("… (fiktiv)") of the seeded
 * type catalogue with their logic, programme areas and topics, and the contact log (channel, day, area) with the
 * organisations and topics taking part — written straight into the network tables (unscoped Kysely, tenant_id set
 * explicitly, multi-row inserts of 500 rows, one transaction per chunk), deterministic from the seed, on SQLite and
 * PostgreSQL. No people are generated (the figures do not read them, and the bench needs no personal data).
 *
 * Sizes from `o.rows` (all tables together): about 0.2 % organisations (≥ 12) with ~3 link rows each, the rest
 * contacts with ~2.3 link rows each — 1,000,000 rows ≈ 2,000 organisations and ≈ 300,000 contacts.
 */
import type { Kysely } from 'kysely';
import { addDays } from '../../src/platform/calendar/berlin';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { ensureTypes, listTypes } from '../../src/modules/network';
import { listTopics } from '../../src/modules/territory';
import { rng, type ActivityOptions, type ActivityResult } from './types';

const BATCH = 500;
/** Contacts per transaction. */
const CHUNK = 10_000;

const CHANNELS: [string, number][] = [
  ['in_person', 0.35],
  ['phone', 0.25],
  ['email', 0.2],
  ['event', 0.12],
  ['outreach', 0.08],
];
const LOGICS = ['district', 'administration', 'politics', 'institution', 'business'];
/** How common each seeded type is among the generated organisations (unknown keys: 1). */
const TYPE_WEIGHT: Record<string, number> = {
  association: 6,
  school: 3,
  daycare: 3,
  police: 0.5,
  housing: 1,
  social_provider: 4,
  city_department: 2,
  political_body: 1,
  faith_community: 1.5,
  business: 3,
  residents_initiative: 2,
  foundation: 0.5,
};

function pickWeighted<T>(r: () => number, items: [T, number][]): T {
  const sum = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * sum;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![0];
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** n distinct items of xs (n ≤ xs.length). */
function pickDistinct<T>(r: () => number, xs: readonly T[], n: number): T[] {
  const out = new Set<T>();
  const want = Math.min(n, xs.length);
  while (out.size < want) out.add(pick(r, xs));
  return [...out];
}

async function insertRows(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await db.insertInto(table).values(rows.slice(i, i + BATCH)).execute();
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export async function generateNetworkActivity(db: Kysely<any>, o: ActivityOptions): Promise<ActivityResult> {
  if (o.areaIds.length === 0) throw new Error('generateNetworkActivity: no programme areas to spread the contacts over');
  const r = rng(o.seed ?? 1);
  const tag = `b${(o.seed ?? 1).toString(36)}`;
  const scoped = forTenant(db, o.tenantId);
  await ensureTypes(scoped);
  const types = await listTypes(scoped);
  const topics = (await listTopics(scoped as never)).map((t) => t.id);
  const typeChoices = types.map((t) => [t, TYPE_WEIGHT[t.key] ?? 1] as [(typeof types)[number], number]);
  const days = daysBetween(o.from, o.to);
  if (days < 1) throw new Error('generateNetworkActivity: empty period');
  const now = new Date().toISOString();

  const result = {
    network_organisations: 0,
    network_org_areas: 0,
    network_org_topics: 0,
    network_contacts: 0,
    network_contact_orgs: 0,
    network_contact_topics: 0,
  } satisfies ActivityResult;

  // Organisations, each in one programme area (a fifth in two), with one or two topics.
  const orgCount = Math.max(12, Math.round(o.rows * 0.002));
  const orgsByArea = new Map<string, string[]>(o.areaIds.map((a) => [a, []]));
  const allOrgs: string[] = [];
  /** Type and logic per organisation: the contact link rows carry copies of them (and of the contact's day and area). */
  const orgFacts = new Map<string, { type_id: string; logic: string }>();
  const orgs: Record<string, unknown>[] = [];
  const orgAreas: Record<string, unknown>[] = [];
  const orgTopics: Record<string, unknown>[] = [];
  for (let i = 0; i < orgCount; i++) {
    const type = pickWeighted(r, typeChoices);
    const id = `org_${tag}_${i.toString(36).padStart(5, '0')}`;
    const district = o.districtNumbers.length ? pick(r, o.districtNumbers) : null;
    const logic = r() < 0.85 ? type.defaultLogic : pick(r, LOGICS);
    orgFacts.set(id, { type_id: type.id, logic });
    orgs.push({
      tenant_id: o.tenantId,
      id,
      name: `${type.labels.de} ${i + 1} (fiktiv)`,
      type_id: type.id,
      logic,
      address: `Beispielweg ${(i % 120) + 1}`,
      district_number: district,
      email: null,
      phone: null,
      website: null,
      channels: null,
      notes: null,
      created_by: null,
      created_at: now,
      updated_at: now,
    });
    for (const a of pickDistinct(r, o.areaIds, r() < 0.2 ? 2 : 1)) {
      orgAreas.push({ tenant_id: o.tenantId, org_id: id, area_id: a });
      orgsByArea.get(a)!.push(id);
    }
    for (const t of pickDistinct(r, topics, r() < 0.5 ? 1 : 2)) orgTopics.push({ tenant_id: o.tenantId, org_id: id, topic_id: t });
    allOrgs.push(id);
  }
  await db.transaction().execute(async (trx) => {
    await insertRows(trx, 'network_organisations', orgs);
    await insertRows(trx, 'network_org_areas', orgAreas);
    await insertRows(trx, 'network_org_topics', orgTopics);
  });
  result.network_organisations = orgs.length;
  result.network_org_areas = orgAreas.length;
  result.network_org_topics = orgTopics.length;

  // Contacts: ~2.3 link rows each (0–3 organisations of the contact's area, 0–2 topics); 3 % outside every area.
  const contactCount = Math.max(1, Math.round((o.rows - orgs.length - orgAreas.length - orgTopics.length) / 3.3));
  for (let lo = 0; lo < contactCount; lo += CHUNK) {
    const hi = Math.min(contactCount, lo + CHUNK);
    const contacts: Record<string, unknown>[] = [];
    const links: Record<string, unknown>[] = [];
    const topicLinks: Record<string, unknown>[] = [];
    for (let i = lo; i < hi; i++) {
      const id = `cnt_${tag}_${i.toString(36).padStart(7, '0')}`;
      const day = addDays(o.from, Math.floor(r() * days));
      const area = r() < 0.03 ? null : pick(r, o.areaIds);
      const followUp = r() < 0.05 ? addDays(day, 14) : null;
      const at = `${day}T${String(8 + Math.floor(r() * 10)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00.000Z`;
      contacts.push({
        tenant_id: o.tenantId,
        id,
        occurred_on: day,
        channel: pickWeighted(r, CHANNELS),
        area_id: area,
        note: null,
        follow_up_on: followUp,
        follow_up_done_at: followUp ? at : null,
        reminder_sent_at: null,
        created_by: null,
        created_at: at,
        updated_at: at,
      });
      const pool = area ? orgsByArea.get(area)! : allOrgs;
      const x = r();
      const nOrgs = x < 0.1 ? 0 : x < 0.7 ? 1 : x < 0.95 ? 2 : 3;
      // Flags as the network queries write them: the first link (by organisation id) of each type, logic, at all.
      const seenType = new Set<string>();
      const seenLogic = new Set<string>();
      for (const org of pickDistinct(r, pool.length ? pool : allOrgs, nOrgs).sort()) {
        const f = orgFacts.get(org)!;
        links.push({
          tenant_id: o.tenantId,
          contact_id: id,
          org_id: org,
          area_id: area,
          occurred_on: day,
          ...f,
          first_of_type: seenType.has(f.type_id) ? 0 : 1,
          first_of_logic: seenLogic.has(f.logic) ? 0 : 1,
          first_of_contact: seenType.size === 0 ? 1 : 0,
        });
        seenType.add(f.type_id);
        seenLogic.add(f.logic);
      }
      const y = r();
      for (const t of pickDistinct(r, topics, y < 0.3 ? 0 : y < 0.8 ? 1 : 2)) topicLinks.push({ tenant_id: o.tenantId, contact_id: id, topic_id: t });
    }
    await db.transaction().execute(async (trx) => {
      await insertRows(trx, 'network_contacts', contacts);
      await insertRows(trx, 'network_contact_orgs', links);
      await insertRows(trx, 'network_contact_topics', topicLinks);
    });
    result.network_contacts += contacts.length;
    result.network_contact_orgs += links.length;
    result.network_contact_topics += topicLinks.length;
  }
  return result;
}
