/**
 * The dialogues module's documents in the site search (platform/db/search.ts):
 * - 'dialogue': a public dialogue is public with what its public page shows (title, public summary, the public
 *   agenda items' titles, minutes and decisions); a non-public one is a staff document (title, goal, initiator,
 *   summary), readable with dialogues.read in one of its areas.
 * - 'meeting': a public meeting of a public dialogue is public (title, place, the dialogue's title, public agenda
 *   items); any other meeting is a staff document. Never participants, registrations or invitees.
 */
import { indexDocument, registerSearchSource, removeDocument } from '../../platform/db/search';
import type { TenantDb } from '../../platform/db/tenant-scope';
import * as q from './dialogues.queries';
import type { AgendaItem, Dialogue, Meeting } from './dialogues.types';

export const DIALOGUE_DOC = 'dialogue';
export const MEETING_DOC = 'meeting';

function tdb(db: TenantDb<any>): q.Db {
  return db as unknown as q.Db;
}

function agendaText(items: AgendaItem[], publicOnly: boolean): string[] {
  return items
    .filter((a) => !publicOnly || a.public)
    .flatMap((a) => [a.title, a.decision, a.minutes])
    .filter((x): x is string => !!x);
}

async function writeMeeting(db: TenantDb<any>, m: Meeting, d: Dialogue, agenda: AgendaItem[]): Promise<void> {
  const isPublic = m.public && d.public;
  await indexDocument(db, {
    docType: MEETING_DOC,
    docId: m.id,
    visibility: isPublic ? 'public' : 'staff',
    areaIds: d.areaIds,
    title: m.title,
    body: [m.place, d.title, ...agendaText(agenda, isPublic)].filter(Boolean).join('\n'),
    url: isPublic ? `/meetings/${m.id}` : `/staff/meetings/${m.id}`,
  });
}

async function writeDialogue(db: TenantDb<any>, d: Dialogue, agenda: AgendaItem[]): Promise<void> {
  await indexDocument(db, {
    docType: DIALOGUE_DOC,
    docId: d.id,
    visibility: d.public ? 'public' : 'staff',
    areaIds: d.areaIds,
    title: d.title,
    body: (d.public ? [d.publicSummary, ...agendaText(agenda, true)] : [d.goal, d.initiator, d.publicSummary]).filter(Boolean).join('\n'),
    url: d.public ? `/dialogues/${d.id}` : `/staff/dialogues/${d.id}`,
  });
}

interface Loaded {
  dialogue: Dialogue;
  meetings: Meeting[];
  agenda: AgendaItem[];
}

async function load(db: TenantDb<any>, d: Dialogue): Promise<Loaded> {
  const meetings = await q.listMeetings(tdb(db), d.id);
  const agenda = await q.listAgenda(
    tdb(db),
    meetings.map((m) => m.id),
  );
  return { dialogue: d, meetings, agenda };
}

function dialogueDoc(db: TenantDb<any>, l: Loaded): Promise<void> {
  const publicMeetings = new Set(l.meetings.filter((m) => m.public).map((m) => m.id));
  return writeDialogue(
    db,
    l.dialogue,
    l.agenda.filter((a) => publicMeetings.has(a.meetingId)),
  );
}

async function meetingDocs(db: TenantDb<any>, l: Loaded): Promise<number> {
  for (const m of l.meetings)
    await writeMeeting(
      db,
      m,
      l.dialogue,
      l.agenda.filter((a) => a.meetingId === m.id),
    );
  return l.meetings.length;
}

/** Indexes a dialogue and all its meetings as they are now (after create, update, meetings, minutes). */
export async function indexDialogue(db: TenantDb<any>, id: string): Promise<void> {
  const d = await q.findDialogue(tdb(db), id);
  if (!d) return removeDocument(db, DIALOGUE_DOC, id);
  const l = await load(db, d);
  await dialogueDoc(db, l);
  await meetingDocs(db, l);
}

/** Indexes one meeting and its dialogue (the meeting's public agenda feeds the dialogue's document). */
export async function indexMeeting(db: TenantDb<any>, meetingId: string): Promise<void> {
  const m = await q.findMeeting(tdb(db), meetingId);
  if (!m) return removeDocument(db, MEETING_DOC, meetingId);
  await indexDialogue(db, m.dialogueId);
}

async function reindexEach(db: TenantDb<any>, write: (l: Loaded) => Promise<number>): Promise<number> {
  let n = 0;
  for (const d of await q.listDialogues(tdb(db), { areaIds: 'all' })) n += await write(await load(db, d));
  return n;
}

registerSearchSource(
  { docType: DIALOGUE_DOC, readAction: 'dialogues.read', reindex: (db) => reindexEach(db, async (l) => (await dialogueDoc(db, l), 1)) },
  { docType: MEETING_DOC, readAction: 'dialogues.read', reindex: (db) => reindexEach(db, (l) => meetingDocs(db, l)) },
);
