/**
 * Demo dialogue (fictional, marked "(Demo)"): a round table in Kray on the playground at the market square, with
 * three organisations from the network (created here when the network has none in Kray yet), an interest map, a
 * past meeting with minutes, decisions and tasks (one done, one overdue), and a public residents' assembly with
 * registration. Idempotent: nothing is added when the tenant has dialogues.
 */
import type { TenantDb } from '../../platform/db/tenant-scope';
import { dialectOf } from '../../platform/db/dialect';
import type { CurrentUser, Tenant } from '../../platform/http/context';
import { berlinDate } from '../../platform/jobs/schedule';
import { createOrganisation, listOrganisationChoices, listTypes } from '../network';
import { getAreaBySlug, listTopics } from '../territory';
import * as q from './dialogues.queries';
import {
  addAgendaItem,
  addParticipant,
  addQuestion,
  changePhase,
  createDialogue,
  createMeeting,
  createTask,
  recordAttendance,
  setStances,
  setTaskStatus,
  tdb,
  writeMinutes,
} from './dialogues.service';

const ORGS = [
  { name: 'Bürgerverein Kray-Mitte (Demo)', type: 'association', logic: 'district' },
  { name: 'Grün und Gruga – Spielflächen (Demo)', type: 'city_department', logic: 'administration' },
  { name: 'Kita Sonnenblume (Demo)', type: 'daycare', logic: 'institution' },
] as const;

function addDays(days: number): string {
  return berlinDate(new Date(Date.now() + days * 86_400_000));
}

export async function seedDemoDialogue(ctx: { db: TenantDb<any>; tenant: { id: string; slug: string; name: string }; lines: string[] }): Promise<void> {
  const db = ctx.db;
  if ((await q.listDialogues(tdb(db), { areaIds: 'all' })).length > 0) return;
  const kray = await getAreaBySlug(db, 'kray');
  if (!kray) return;
  const system: CurrentUser = { id: 'usr_demo0000system', email: 'demo@demo.example', displayName: 'Demo', organisation: null, locale: null, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] };
  const tenant: Tenant = { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name, defaultLocale: 'de' };
  const sc = { tenant, db, user: system, requestId: null, dialect: dialectOf(db) };

  let orgs = await listOrganisationChoices(db, { areaIds: [kray.id] });
  if (orgs.length < 3) {
    const types = await listTypes(db);
    for (const o of ORGS) {
      const type = types.find((x) => x.key === o.type) ?? types[0]!;
      await createOrganisation(sc, { name: o.name, typeId: type.id, logic: o.logic, areaIds: [kray.id], topicIds: [] } as never);
    }
    orgs = await listOrganisationChoices(db, { areaIds: [kray.id] });
  }
  const topics = await listTopics(db);
  const d = await createDialogue(sc, {
    title: 'Spielplatz am Marktplatz Kray (Demo)',
    goal: 'Gemeinsam klären, wie der Spielplatz am Marktplatz erneuert wird und wer sich um ihn kümmert. (Demo)',
    initiator: 'Anwohnerinnen und Anwohner über das Stadtteilbüro (Demo)',
    public: true,
    publicSummary: 'Der Runde Tisch hat sich auf neue Spielgeräte und eine Patenschaft des Bürgervereins geeinigt. (Demo)',
    areaIds: [kray.id],
    topicIds: topics.slice(0, 1).map((x) => x.id),
  });
  const participants = [];
  for (const o of orgs.slice(0, 3)) {
    participants.push(
      await addParticipant(sc, d.id, {
        actor: `organisation:${o.id}`,
        interests: o.logic === 'district' ? 'Ein sicherer Spielplatz, der auch abends nicht verwahrlost. (Demo)' : o.logic === 'administration' ? 'Erneuerung im Rahmen des Haushalts 2027; Pflege muss geklärt sein. (Demo)' : 'Kurze Wege für die Kita-Gruppen am Vormittag. (Demo)',
      }),
    );
  }
  const q1 = await addQuestion(sc, d.id, 'Neue Spielgeräte 2027 (Demo)');
  const q2 = await addQuestion(sc, d.id, 'Zaun um den Spielplatz (Demo)');
  const stances = ['supports', 'supports', 'supports'] as const;
  const fence = ['supports', 'concerns', 'neutral'] as const;
  await setStances(
    sc,
    d.id,
    participants.flatMap((p, i) => [
      { questionId: q1, participantId: p.id, stance: stances[i]! },
      { questionId: q2, participantId: p.id, stance: fence[i]!, note: fence[i] === 'concerns' ? 'Kosten und Pflege des Zauns sind offen. (Demo)' : null },
    ]),
  );
  await changePhase(sc, d.id, 'clarifying', null);
  await changePhase(sc, d.id, 'developing', 'Erster Runder Tisch hat stattgefunden. (Demo)');

  const past = await createMeeting(sc, d.id, { type: 'round_table', title: 'Runder Tisch Spielplatz (Demo)', date: addDays(-21), startTime: '17:00', endTime: '19:00', place: 'Stadtteilbüro Kray, Gruppenraum (Demo)', public: true, registration: false });
  const a1 = await addAgendaItem(sc, past.id, 'Zustand des Spielplatzes (Demo)');
  const a2 = await addAgendaItem(sc, past.id, 'Pflege und Patenschaft (Demo)');
  await recordAttendance(sc, past.id, participants.map((p) => p.id), []);
  await writeMinutes(sc, past.id, [
    { itemId: a1, minutes: 'Rutsche und Schaukel sind gesperrt; Grün und Gruga prüft die Erneuerung. (Demo)', decision: 'Neue Spielgeräte werden für 2027 angemeldet. (Demo)', public: true },
    { itemId: a2, minutes: 'Der Bürgerverein bietet eine Patenschaft an. (Demo)', decision: 'Patenschaft des Bürgervereins ab Frühjahr. (Demo)', public: true },
  ]);
  const done = await createTask(sc, past.id, { title: 'Spielgeräte für 2027 anmelden (Demo)', participantId: participants[1]?.id ?? participants[0]!.id, dueDate: addDays(-7), agendaItemId: a1, public: true });
  await setTaskStatus(sc, done.id, 'done');
  await createTask(sc, past.id, { title: 'Patenschaftsvereinbarung entwerfen (Demo)', participantId: participants[0]!.id, dueDate: addDays(-2), agendaItemId: a2, public: true });
  await createMeeting(sc, d.id, { type: 'residents_assembly', title: 'Bewohnerversammlung Spielplatz (Demo)', date: addDays(14), startTime: '18:00', endTime: '20:00', place: 'Gemeindesaal am Marktplatz (Demo)', public: true, registration: true, capacity: 40 });
  ctx.lines.push('  Dialog (Demo): /staff/dialogues, öffentlich: /dialogues');
}
