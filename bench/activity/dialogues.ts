/**
 * Generated dialogue activity for the reports bench: clearly fictional dialogues ("Testdialog … (fiktiv)") in the
 * programme areas, each with its phase history (timeline events), participants (network organisations of its areas
 * when the network generator ran first, otherwise fictional references), 20–40 meetings (round tables, working
 * groups, district conferences, residents' assemblies at 18:00 Berlin time; held or cancelled when past, planned
 * when ahead), attendance of the participants at held meetings and tasks agreed at them (done, dropped, in progress
 * or still open) — written straight into the dialogue tables (unscoped Kysely, tenant_id set explicitly, multi-row
 * inserts of 500 rows, one transaction per chunk of dialogues), deterministic from the seed, on SQLite and
 * PostgreSQL. Every dialogue starts and ends within o.from … o.to; due days may lie up to 60 days after o.to.
 *
 * Sizes from `o.rows` (all tables together): about one dialogue per 240 rows — 240,000 rows ≈ 1,000 dialogues,
 * 30,000 meetings, 150,000 attendance rows, 40,000 tasks.
 */
import type { Kysely } from 'kysely';
import { addDays } from '../../src/platform/calendar/berlin';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { berlinInstant } from '../../src/platform/jobs/schedule';
import { listOrganisationChoices } from '../../src/modules/network';
import { listTopics } from '../../src/modules/territory';
import { rng, type ActivityOptions, type ActivityResult } from './types';

const BATCH = 500;
/** Dialogues per transaction (≈ 240 rows each). */
const CHUNK = 40;
const ROWS_PER_DIALOGUE = 240;

const PHASES = ['started', 'clarifying', 'developing', 'agreed', 'implementing', 'closed'] as const;
const LOGICS = ['district', 'administration', 'politics', 'institution', 'business'];
const MEETING_TYPES: [string, number][] = [
  ['working_group', 0.4],
  ['round_table', 0.35],
  ['district_conference', 0.15],
  ['residents_assembly', 0.1],
];
const SUBJECTS = ['Spielplatz am Park', 'Verkehrsberuhigung Schulweg', 'Sauberkeit im Quartier', 'Nachbarschaftstreff', 'Grünfläche am Markt', 'Stadtteilfest', 'Beleuchtung Unterführung', 'Jugendangebote am Abend'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function pickWeighted<T>(r: () => number, items: [T, number][]): T {
  const sum = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * sum;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![0];
}

function pickDistinct<T>(r: () => number, xs: readonly T[], n: number): T[] {
  const out = new Set<T>();
  const want = Math.min(n, xs.length);
  while (out.size < want) out.add(pick(r, xs));
  return [...out];
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

async function insertRows(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await db.insertInto(table).values(rows.slice(i, i + BATCH)).execute();
}

const TABLES = ['dialogues', 'dialogue_areas', 'dialogue_topics', 'dialogue_events', 'dialogue_participants', 'dialogue_meetings', 'dialogue_attendance', 'dialogue_tasks'] as const;
type Table = (typeof TABLES)[number];

export async function generateDialogueActivity(db: Kysely<any>, o: ActivityOptions): Promise<ActivityResult> {
  if (o.areaIds.length === 0) throw new Error('generateDialogueActivity: no programme areas to spread the dialogues over');
  const span = daysBetween(o.from, o.to);
  if (span < 0) throw new Error('generateDialogueActivity: empty period');
  const r = rng(o.seed ?? 1);
  const tag = `b${(o.seed ?? 1).toString(36)}`;
  const scoped = forTenant(db, o.tenantId);
  const topics = (await listTopics(scoped as never)).map((t) => t.id);
  // Network organisations per area (when the network generator ran first), else fictional references.
  const orgsByArea = new Map<string, { id: string; logic: string }[]>(o.areaIds.map((a) => [a, []]));
  for (const org of await listOrganisationChoices(scoped, { areaIds: [...o.areaIds] })) {
    for (const a of org.areaIds) orgsByArea.get(a)?.push({ id: org.id, logic: org.logic });
  }
  const nowMs = Date.now();
  const count = Math.max(3, Math.round(o.rows / ROWS_PER_DIALOGUE));
  const result = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<Table, number>;

  for (let lo = 0; lo < count; lo += CHUNK) {
    const rows = Object.fromEntries(TABLES.map((t) => [t, [] as Record<string, unknown>[]])) as Record<Table, Record<string, unknown>[]>;
    for (let i = lo; i < Math.min(count, lo + CHUNK); i++) {
      const id = `dlg_${tag}_${i.toString(36).padStart(5, '0')}`;
      // Life: starts somewhere in the period, lasts 6 months to 2½ years, ends by o.to at the latest.
      const startOffset = Math.floor(r() * Math.max(1, span - 30));
      const life = Math.max(1, Math.min(span - startOffset, 180 + Math.floor(r() * 720)));
      const startDay = addDays(o.from, startOffset);
      const endDay = addDays(startDay, life);
      const createdAt = berlinInstant(startDay, '09:00').toISOString();
      const closedByEnd = endDay < addDays(o.to, -30) || r() < 0.1;
      // Phases reached: the whole way when closed, else in proportion to how far the life went.
      const reached = closedByEnd ? 5 : Math.min(4, Math.floor(r() * 5));
      const areas = pickDistinct(r, o.areaIds, r() < 0.3 ? 2 : 1);
      rows.dialogues.push({
        tenant_id: o.tenantId,
        id,
        title: `Testdialog ${i + 1}: ${pick(r, SUBJECTS)} (fiktiv)`,
        goal: 'Erfundenes Ziel für den Lasttest der Berichte.',
        initiator: 'Stadtteilmoderation (fiktiv)',
        phase: PHASES[reached],
        public: r() < 0.2,
        public_summary: null,
        created_by: null,
        created_at: createdAt,
        updated_at: createdAt,
      });
      for (const a of areas) rows.dialogue_areas.push({ tenant_id: o.tenantId, dialogue_id: id, area_id: a });
      if (topics.length) rows.dialogue_topics.push({ tenant_id: o.tenantId, dialogue_id: id, topic_id: pick(r, topics) });
      rows.dialogue_events.push({ tenant_id: o.tenantId, id: `dev_${tag}_${i.toString(36)}_0`, dialogue_id: id, at: createdAt, kind: 'created', public: true, actor_id: null, data: JSON.stringify({ phase: 'started' }) });
      for (let p = 1; p <= reached; p++) {
        const day = p === 5 ? endDay : addDays(startDay, Math.floor((life * p) / 6));
        rows.dialogue_events.push({
          tenant_id: o.tenantId,
          id: `dev_${tag}_${i.toString(36)}_${p}`,
          dialogue_id: id,
          at: berlinInstant(day, '10:00').toISOString(),
          kind: 'phase',
          public: true,
          actor_id: null,
          data: JSON.stringify({ from: PHASES[p - 1], to: PHASES[p] }),
        });
      }

      // Participants: organisations of its areas (or fictional ones), a few people.
      const pool = [...new Map(areas.flatMap((a) => orgsByArea.get(a) ?? []).map((x) => [x.id, x])).values()];
      const nPart = 6 + Math.floor(r() * 9);
      const participants: string[] = [];
      const chosen = pool.length ? pickDistinct(r, pool, nPart) : [];
      for (let j = 0; j < nPart; j++) {
        const pid = `dpt_${tag}_${i.toString(36)}_${j}`;
        const org = chosen[j];
        rows.dialogue_participants.push({
          tenant_id: o.tenantId,
          id: pid,
          dialogue_id: id,
          kind: org ? 'organisation' : j % 4 === 3 ? 'person' : 'organisation',
          ref_id: org ? org.id : `${j % 4 === 3 ? 'per' : 'org'}_${tag}_fiktiv_${i.toString(36)}_${j}`,
          logic: org ? org.logic : pick(r, LOGICS),
          interests: null,
          positions: null,
          created_at: createdAt,
        });
        participants.push(pid);
      }

      // Meetings spread over the life, 18:00 Berlin; attendance and tasks at held ones.
      const nMeet = 20 + Math.floor(r() * 21);
      let taskNo = 0;
      for (let k = 0; k < nMeet; k++) {
        const mid = `mtg_${tag}_${i.toString(36)}_${k}`;
        const day = addDays(startDay, Math.min(life, Math.floor(((k + 0.5) * life) / nMeet)));
        const starts = berlinInstant(day, '18:00');
        const past = starts.getTime() < nowMs;
        const status = past ? (r() < 0.05 ? 'cancelled' : 'held') : 'planned';
        rows.dialogue_meetings.push({
          tenant_id: o.tenantId,
          id: mid,
          dialogue_id: id,
          type: pickWeighted(r, MEETING_TYPES),
          title: `Sitzung ${k + 1} (fiktiv)`,
          starts_at: starts.toISOString(),
          ends_at: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
          place: 'Stadtteilbüro (fiktiv)',
          public: false,
          registration: false,
          capacity: null,
          status,
          sequence: 0,
          room_id: null,
          booking_id: null,
          created_at: createdAt,
          updated_at: createdAt,
        });
        if (status !== 'held') continue;
        for (const pid of pickDistinct(r, participants, 3 + Math.floor(r() * 5))) rows.dialogue_attendance.push({ tenant_id: o.tenantId, meeting_id: mid, participant_id: pid });
        const x = r();
        const nTasks = x < 0.15 ? 0 : x < 0.6 ? 1 : x < 0.9 ? 2 : 3;
        for (let n = 0; n < nTasks; n++) {
          const due = addDays(day, 14 + Math.floor(r() * 47));
          const dueMs = Date.parse(`${due}T12:00:00Z`);
          const y = r();
          // Past due: mostly done (around the due day), some dropped, some still open or in progress (overdue).
          const st = dueMs < nowMs ? (y < 0.72 ? 'done' : y < 0.77 ? 'dropped' : y < 0.85 ? 'in_progress' : 'open') : y < 0.25 ? 'done' : y < 0.5 ? 'in_progress' : 'open';
          const doneAt = st === 'done' ? new Date(Math.min(nowMs - 60_000, dueMs + Math.floor((r() * 20 - 10) * 86_400_000))).toISOString() : null;
          rows.dialogue_tasks.push({
            tenant_id: o.tenantId,
            id: `tsk_${tag}_${i.toString(36)}_${taskNo++}`,
            dialogue_id: id,
            meeting_id: mid,
            agenda_item_id: null,
            title: `Vereinbarung ${taskNo} (fiktiv)`,
            participant_id: pick(r, participants),
            due_date: due,
            status: st,
            public: false,
            done_at: doneAt,
            reminded_at: null,
            created_at: starts.toISOString(),
            updated_at: doneAt ?? starts.toISOString(),
          });
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      for (const table of TABLES) await insertRows(trx, table, rows[table]);
    });
    for (const table of TABLES) result[table] += rows[table].length;
  }
  return result;
}
