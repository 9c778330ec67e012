/**
 * What the portal's area page reads from the dialogues module: the ongoing public dialogues of a programme area with
 * the progress of their public agreements, and the area's upcoming public meetings. Public only — a dialogue that is
 * not public, a meeting that is not public (or belongs to a non-public dialogue), a non-public agreement and every
 * person's name stay out. Tenant-scoped through the module's tenant-bound handle.
 */
import type { TenantDb } from '../../platform/db/tenant-scope';
import * as q from './dialogues.queries';
import type { MeetingType, Phase } from './dialogues.rules';
import { tdb } from './dialogues.service';

export interface AreaDialogue {
  id: string;
  title: string;
  phase: Phase;
  publicSummary: string | null;
  /** Public agreements (tasks) of the dialogue; dropped ones do not count. */
  agreements: { done: number; total: number };
  href: string;
}

export interface AreaMeeting {
  id: string;
  title: string;
  type: MeetingType;
  startsAt: string;
  endsAt: string;
  place: string;
  dialogueTitle: string;
  href: string;
}

/** Ongoing (not closed) public dialogues of the area, most recently active first, with their agreement counts. */
export async function areaDialogues(db: TenantDb<any>, areaId: string, limit = 10): Promise<AreaDialogue[]> {
  const d = tdb(db);
  const dialogues = (await q.listDialogues(d, { areaIds: 'all', publicOnly: true, areaId })).filter((x) => x.phase !== 'closed').slice(0, limit);
  const tasks = await q.listTasks(d, { dialogueIds: dialogues.map((x) => x.id), publicOnly: true });
  const counts = new Map<string, { done: number; total: number }>();
  for (const task of tasks) {
    if (task.status === 'dropped') continue;
    const c = counts.get(task.dialogueId) ?? { done: 0, total: 0 };
    c.total += 1;
    if (task.status === 'done') c.done += 1;
    counts.set(task.dialogueId, c);
  }
  return dialogues.map((x) => ({ id: x.id, title: x.title, phase: x.phase, publicSummary: x.publicSummary, agreements: counts.get(x.id) ?? { done: 0, total: 0 }, href: `/dialogues/${x.id}` }));
}

/** The next public meetings of the area's public dialogues (not cancelled), soonest first. */
export async function areaMeetings(db: TenantDb<any>, areaId: string, opts: { now?: Date; limit?: number } = {}): Promise<AreaMeeting[]> {
  const d = tdb(db);
  const limit = opts.limit ?? 5;
  const meetings = (await q.listPublicMeetings(d, { areaId, from: (opts.now ?? new Date()).toISOString(), limit: limit * 3 })).filter((m) => m.status !== 'cancelled').slice(0, limit);
  const titles = new Map((await q.listDialogues(d, { areaIds: 'all', publicOnly: true, ids: [...new Set(meetings.map((m) => m.dialogueId))] })).map((x) => [x.id, x.title]));
  return meetings.map((m) => ({ id: m.id, title: m.title, type: m.type, startsAt: m.startsAt, endsAt: m.endsAt, place: m.place, dialogueTitle: titles.get(m.dialogueId) ?? '', href: `/meetings/${m.id}` }));
}
