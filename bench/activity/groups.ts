/**
 * Generated activity of the groups module for the reports bench: residents' groups spread over the programme areas
 * and the period, each with a stage history that follows the module's rules (`nextStages`: one step forward, back,
 * resting, ending, reviving), support time per month (more while a group is young, little once it carries itself),
 * and independence milestones with dates. Everything is clearly fictional ("(Bench)"); topics are left out (they
 * belong to the territory module's catalogue).
 *
 * Proportions of `rows`: support-time entries 90 %, one group per 75 rows (rows = 110,000 → ~1,470 groups,
 * ~99,000 support entries, ~6,000 stage changes, ~4,000 milestones).
 */
import type { Kysely } from 'kysely';
import { addDays } from '../../src/platform/calendar';
import { dialectOf } from '../../src/platform/db/dialect';
import { MILESTONES, nextStages, PATH, type Stage } from '../../src/modules/groups/groups.rules';
import { rng, type ActivityOptions, type ActivityResult } from './types';

const NAMES = ['Nachbarschaftsgarten', 'Mieterinitiative', 'Repair-Treff', 'Lesekreis', 'Elterncafé', 'Spielplatzpaten', 'Sportgruppe', 'Kulturverein', 'Seniorenrunde', 'Jugendforum'];
/** How likely staff support a group in a month, by its stage. */
const SUPPORT_CHANCE: Record<Stage, number> = { idea: 0.9, founded: 0.9, accompanied: 0.8, largely_independent: 0.5, self_sustaining: 0.1, dormant: 0.05, ended: 0 };
const MILESTONES_BY_STAGE: Record<Stage, [number, number]> = { idea: [0, 0], founded: [0, 1], accompanied: [1, 3], largely_independent: [3, 5], self_sustaining: [5, 7], dormant: [0, 3], ended: [0, 2] };

async function insertRows(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.min(1000, Math.floor(30_000 / Object.keys(rows[0]!).length)));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += per) await trx.insertInto(table).values(rows.slice(i, i + per)).execute();
  });
}

const monthOf = (date: string) => date.slice(0, 7);
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export async function generateGroupActivity(db: Kysely<any>, o: ActivityOptions): Promise<ActivityResult> {
  const rand = rng(o.seed ?? 10);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const pg = dialectOf(db) === 'postgres';
  const tag = `b${o.seed ?? 10}`;
  const spanDays = Math.round((Date.parse(o.to) - Date.parse(o.from)) / 86_400_000) + 1;
  /** An instant on a Berlin day, in office hours (10:00–16:59 UTC is always that day in Berlin). */
  const instantOn = (date: string) => `${date}T${String(between(10, 16)).padStart(2, '0')}:${String(between(0, 59)).padStart(2, '0')}:00.000Z`;

  const groups: Record<string, unknown>[] = [];
  const changes: Record<string, unknown>[] = [];
  const milestones: Record<string, unknown>[] = [];
  /** Months in which a group gets support, each with its stage's chance. */
  const supportMonths: { groupId: string; month: string }[] = [];
  const groupCount = Math.max(3, Math.round(o.rows / 75));
  if (o.areaIds.length === 0) return { groups: 0, group_stage_changes: 0, group_support_time: 0, group_milestones: 0 };

  for (let i = 0; i < groupCount; i++) {
    const id = `grp_${tag}_${i}`;
    const created = addDays(o.from, Math.floor(rand() * Math.max(1, spanDays - 30)));
    let stage: Stage = rand() < 0.7 ? 'idea' : 'founded';
    let day = created;
    let at = instantOn(day);
    const createdAt = at;
    changes.push({ tenant_id: o.tenantId, id: `gst_${tag}_${i}_0`, group_id: id, at, from_stage: null, to_stage: stage, actor_label: 'Stadtteilarbeit (Bench)' });
    const stageOnDay: { from: string; stage: Stage }[] = [{ from: created, stage }];
    for (let k = 1; stage !== 'ended'; k++) {
      day = addDays(day, between(60, 300));
      if (day > o.to) break;
      const options = nextStages(stage);
      const forward: Stage | undefined = PATH[PATH.indexOf(stage) + 1];
      const r = rand();
      let to: Stage;
      if (stage === 'dormant') to = r < 0.6 ? pick(PATH.slice(0, 3)) : 'ended';
      else if (forward && r < 0.72) to = forward;
      else if (r < 0.82 && PATH.indexOf(stage) > 0) to = pick(PATH.slice(0, PATH.indexOf(stage)));
      else if (r < 0.94) to = 'dormant';
      else to = 'ended';
      if (!options.includes(to)) continue;
      at = instantOn(day);
      changes.push({ tenant_id: o.tenantId, id: `gst_${tag}_${i}_${k}`, group_id: id, at, from_stage: stage, to_stage: to, actor_label: 'Stadtteilarbeit (Bench)' });
      stage = to;
      stageOnDay.push({ from: day, stage });
    }
    groups.push({
      tenant_id: o.tenantId,
      id,
      name: `${pick(NAMES)} ${i + 1} (Bench)`,
      area_id: o.areaIds[i % o.areaIds.length],
      purpose: 'Eine erfundene Gruppe für den Berichts-Lasttest.',
      start_date: created,
      stage,
      public: pg ? false : 0,
      created_at: createdAt,
      updated_at: at,
    });
    // Support months: from the creation month to the end (or the month the group ended), by the stage then.
    let s = 0;
    for (let m = monthOf(created); m <= monthOf(o.to); m = nextMonth(m)) {
      while (s + 1 < stageOnDay.length && monthOf(stageOnDay[s + 1]!.from) <= m) s++;
      const st = stageOnDay[s]!.stage;
      if (st === 'ended') break;
      if (rand() < SUPPORT_CHANCE[st]) supportMonths.push({ groupId: id, month: m });
    }
    const [lo, hi] = MILESTONES_BY_STAGE[stage];
    const reached = [...MILESTONES].sort(() => rand() - 0.5).slice(0, between(lo, hi));
    for (const milestone of reached) {
      const on = addDays(created, Math.floor(rand() * Math.max(1, Math.round((Date.parse(day > o.to ? o.to : day) - Date.parse(created)) / 86_400_000))));
      milestones.push({ tenant_id: o.tenantId, group_id: id, milestone, reached_on: on > o.to ? o.to : on, recorded_at: `${on > o.to ? o.to : on}T12:00:00.000Z` });
    }
  }
  await insertRows(db, 'groups', groups);
  await insertRows(db, 'group_stage_changes', changes);
  await insertRows(db, 'group_milestones', milestones);

  // Support-time entries spread over the supported months (quarter hours, up to 4 hours per entry).
  const target = supportMonths.length ? Math.round(o.rows * 0.9) : 0;
  let written = 0;
  for (let done = 0; done < target; done += 20_000) {
    const rows: Record<string, unknown>[] = [];
    for (let i = done; i < Math.min(target, done + 20_000); i++) {
      const sm = supportMonths[Math.floor(rand() * supportMonths.length)]!;
      rows.push({ tenant_id: o.tenantId, id: `gsp_${tag}_${i}`, group_id: sm.groupId, month: sm.month, minutes: 15 * between(1, 16), staff_label: 'Stadtteilarbeit (Bench)', created_at: `${sm.month}-15T12:00:00.000Z` });
    }
    await insertRows(db, 'group_support_time', rows);
    written += rows.length;
  }
  return { groups: groups.length, group_stage_changes: changes.length, group_support_time: written, group_milestones: milestones.length };
}
