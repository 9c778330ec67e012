/**
 * Dialogues module (moderierte Dialogprozesse) — the ONLY import surface for other modules.
 *
 * Dialogues with programme areas, topics, goal, initiator and phases (history on a timeline); participants
 * (organisations and people from the network module) with their logic, interests and positions; the interest map
 * (questions × participants: supports / has concerns / neutral + note) with a summary of where interests meet and
 * collide; linked concerns; meetings (district conference, round table, working group, residents' assembly) with
 * agenda, e-mail invitations carrying an iCalendar invitation, public registration with capacity and waiting list,
 * attendance, minutes and decisions per agenda item; agreements/tasks from the minutes with overdue reminders; a
 * public progress page per public dialogue; per-dialogue access for participants' accounts (ADR 0009); the
 * iCalendar feed of public meetings per programme area and a JSON API.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { registerPersonDataProvider } from '../network';
import { registerDialogueAccounts } from './dialogues.accounts';
import { api } from './dialogues.api';
import { registerDialogueJobs } from './dialogues.jobs';
import { CID, DLG, ICS, MTG, PID, TSK, UID, pages } from './dialogues.pages';
import { erasePerson, exportPerson } from './dialogues.service';

export {
  addAgendaItem,
  addParticipant,
  addQuestion,
  anonymiseOldRegistrations,
  cancelMeeting,
  cancelRegistration,
  changePhase,
  createDialogue,
  createMeeting,
  createTask,
  exportPerson,
  erasePerson,
  grantAccess,
  interestMap,
  inviteToMeeting,
  linkConcern,
  listDialoguesForStaff,
  listPublicDialogues,
  publicProgress,
  recordAttendance,
  registerForMeeting,
  remindOverdueTasks,
  setStances,
  setTaskStatus,
  updateMeeting,
  updateParticipant,
  writeMinutes,
  type DialogueContext,
  type DialogueInput,
  type MeetingInput,
  type TaskInput,
  updateDialogue,
} from './dialogues.service';
export { areaDialogues, areaMeetings, type AreaDialogue, type AreaMeeting } from './dialogues.portal';
export { seedDemoDialogue } from './dialogues.demo';
export { dialogueActivity } from './dialogues.figures';
export { MEETING_TYPES, PHASES, STANCES, TASK_STATUSES, type MeetingType, type Phase, type Stance, type TaskStatus } from './dialogues.rules';
export type { Dialogue, Meeting, Participant, Task } from './dialogues.types';
export type { DialoguesTables } from './dialogues.tables';

registerDialogueJobs();
// Residents' accounts: the export and deletion cover registrations and invitations kept under the address.
registerDialogueAccounts();
// GDPR: the network module's export and erasure of a person include their participations here.
registerPersonDataProvider({
  name: 'dialogues',
  export: (db, personId) => exportPerson(db, personId),
  erase: async (db, personId) => {
    await erasePerson(db, personId);
  },
});

export const dialoguesModule: QuartierModule = {
  name: 'dialogues',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  api,
  routes: {
    'GET /dialogues': 'public',
    [`GET /dialogues/${DLG}`]: 'public',
    [`GET /dialogues/calendar/${ICS}`]: 'public',
    [`GET /meetings/${MTG}`]: 'public',
    [`POST /meetings/${MTG}/register`]: 'public',
    'GET /meetings/cancel/:token': 'public',
    'POST /meetings/cancel/:token': 'public',
    'GET /staff/dialogues': 'dialogues.read',
    'GET /staff/dialogues/new': 'dialogues.manage',
    'POST /staff/dialogues': 'dialogues.manage',
    'GET /staff/dialogues/tasks': 'dialogues.read',
    [`GET /staff/dialogues/${DLG}`]: 'dialogues.read',
    [`GET /staff/dialogues/${DLG}/edit`]: 'dialogues.manage',
    [`POST /staff/dialogues/${DLG}/edit`]: 'dialogues.manage',
    [`POST /staff/dialogues/${DLG}/phase`]: 'dialogues.manage',
    [`POST /staff/dialogues/${DLG}/participants`]: 'dialogues.manage',
    [`GET /staff/dialogues/${DLG}/participants/${PID}`]: 'dialogues.contribute',
    [`POST /staff/dialogues/${DLG}/participants/${PID}`]: 'dialogues.contribute',
    [`POST /staff/dialogues/${DLG}/participants/${PID}/remove`]: 'dialogues.manage',
    [`POST /staff/dialogues/${DLG}/questions`]: 'dialogues.manage',
    [`GET /staff/dialogues/${DLG}/map`]: 'dialogues.contribute',
    [`POST /staff/dialogues/${DLG}/map`]: 'dialogues.contribute',
    [`POST /staff/dialogues/${DLG}/concerns`]: 'dialogues.manage',
    [`POST /staff/dialogues/${DLG}/concerns/${CID}/remove`]: 'dialogues.manage',
    [`POST /staff/dialogues/${DLG}/access`]: 'dialogues.manage',
    [`POST /staff/dialogues/${DLG}/access/${UID}/remove`]: 'dialogues.manage',
    [`GET /staff/dialogues/${DLG}/meetings/new`]: 'dialogues.manage',
    [`POST /staff/dialogues/${DLG}/meetings`]: 'dialogues.manage',
    [`GET /staff/meetings/${MTG}`]: 'dialogues.read',
    [`POST /staff/meetings/${MTG}/agenda`]: 'dialogues.manage',
    [`POST /staff/meetings/${MTG}/invite`]: 'dialogues.manage',
    [`POST /staff/meetings/${MTG}/attendance`]: 'dialogues.contribute',
    [`GET /staff/meetings/${MTG}/minutes`]: 'dialogues.contribute',
    [`POST /staff/meetings/${MTG}/minutes`]: 'dialogues.contribute',
    [`POST /staff/meetings/${MTG}/tasks`]: 'dialogues.manage',
    [`POST /staff/meetings/${MTG}/cancel`]: 'dialogues.manage',
    [`GET /staff/meetings/${MTG}/edit`]: 'dialogues.manage',
    [`POST /staff/meetings/${MTG}/edit`]: 'dialogues.manage',
    [`POST /staff/tasks/${TSK}/status`]: 'dialogues.contribute',
    'GET /my/dialogues': 'authenticated',
    [`GET /my/dialogues/${DLG}`]: 'authenticated',
    [`POST /my/tasks/${TSK}/status`]: 'authenticated',
    'GET /api/v1/dialogues': 'public',
    'GET /api/v1/dialogues/:id': 'public',
    'POST /api/v1/dialogues': 'dialogues.manage',
    'GET /api/v1/meetings': 'public',
    'GET /api/v1/dialogue-tasks': 'dialogues.read',
    'POST /api/v1/dialogue-tasks/:id/status': 'authenticated',
  },
  publicLinks: [{ href: '/dialogues', labelKey: 'dialogues.public.link', order: 40 }],
  nav: [
    { href: '/staff/dialogues', labelKey: 'dialogues.nav.dialogues', action: 'dialogues.read', order: 20 },
    { href: '/my/dialogues', labelKey: 'dialogues.nav.my', order: 90 },
  ],
};
