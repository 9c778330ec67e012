/** zod inputs of the dialogues module: HTML forms (strings from urlencoded bodies) and the JSON API. */
import { z } from '@hono/zod-openapi';
import { formFields } from '../../platform/http/forms';
import { MEETING_TYPES, PHASES, STANCES, TASK_STATUSES } from './dialogues.rules';

const { text, optionalText, list, checkbox } = formFields;

export const dialogueFormSchema = z.object({
  title: text(200),
  goal: text(4000),
  initiator: text(200),
  areaIds: list(z.string()).pipe(z.array(z.string()).min(1, { error: 'dialogues.error.areaRequired' })),
  topicIds: list(z.string()),
  public: checkbox(),
  publicSummary: optionalText(4000),
});

export const phaseFormSchema = z.object({
  phase: z.enum(PHASES),
  note: optionalText(1000),
});

export const participantFormSchema = z.object({
  actor: z.string().min(1, { error: 'form.error.choose' }),
  logic: optionalText(40),
  interests: optionalText(4000),
  positions: optionalText(4000),
});

export const participantEditSchema = z.object({
  logic: z.string().min(1, { error: 'dialogues.error.logicRequired' }),
  interests: optionalText(4000),
  positions: optionalText(4000),
});

export const questionFormSchema = z.object({ text: text(300) });

export const concernLinkSchema = z.object({ number: text(20) });

export const grantFormSchema = z.object({
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.email()),
  participantId: optionalText(40),
});

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'dialogues.error.time' });

export const meetingFormSchema = z.object({
  type: z.enum(MEETING_TYPES),
  title: text(200),
  date: z.iso.date(),
  startTime: time,
  endTime: time,
  place: optionalText(300),
  roomId: optionalText(40),
  public: checkbox(),
  registration: checkbox(),
  capacity: z.preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), z.number().int().min(1).max(10000).optional()),
});

export const agendaFormSchema = z.object({ title: text(300) });

export const inviteFormSchema = z.object({
  emails: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean) : v),
    z.array(z.email({ error: 'dialogues.error.emails' })).min(1, { error: 'form.error.required' }).max(200),
  ),
});

export const attendanceFormSchema = z.object({
  participantIds: list(z.string()),
  registrationIds: list(z.string()),
});

export const taskFormSchema = z.object({
  what: text(500),
  participantId: z.string().min(1, { error: 'form.error.choose' }),
  dueDate: z.iso.date(),
  agendaItemId: optionalText(40),
  public: checkbox(),
});

export const taskStatusFormSchema = z.object({ status: z.enum(TASK_STATUSES) });

export const registrationFormSchema = z.object({
  name: text(120),
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.email()),
  consent: checkbox().pipe(z.literal(true, { error: 'dialogues.error.consent' })),
});

export const stanceValue = z.enum(STANCES);

/* ---------------------------------------------------------------- API */

export const IdParam = z.object({ id: z.string().min(1).max(40).openapi({ param: { name: 'id', in: 'path' } }) });

export const DialogueSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    goal: z.string(),
    initiator: z.string(),
    phase: z.enum(PHASES),
    public: z.boolean(),
    areaIds: z.array(z.string()),
    topicIds: z.array(z.string()),
    updatedAt: z.string(),
  })
  .openapi('Dialogue');

export const MeetingSchema = z
  .object({
    id: z.string(),
    dialogueId: z.string(),
    type: z.enum(MEETING_TYPES),
    title: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    place: z.string(),
    status: z.enum(['planned', 'held', 'cancelled']),
    registration: z.boolean(),
    capacity: z.number().int().nullable(),
  })
  .openapi('Meeting');

export const TaskSchema = z
  .object({
    id: z.string(),
    dialogueId: z.string(),
    meetingId: z.string().nullable(),
    title: z.string(),
    participantId: z.string(),
    dueDate: z.string(),
    status: z.enum(TASK_STATUSES),
    public: z.boolean(),
    overdue: z.boolean(),
  })
  .openapi('DialogueTask');

export const ParticipantSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['organisation', 'person']),
    refId: z.string(),
    name: z.string().nullable(),
    logic: z.string(),
    interests: z.string().nullable(),
    positions: z.string().nullable(),
  })
  .openapi('DialogueParticipant');

export const CreateDialogueBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    goal: z.string().trim().min(1).max(4000),
    initiator: z.string().trim().min(1).max(200),
    areaIds: z.array(z.string()).min(1),
    topicIds: z.array(z.string()).default([]),
    public: z.boolean().default(false),
    publicSummary: z.string().max(4000).nullable().optional(),
  })
  .openapi('CreateDialogue');

export const TaskStatusBody = z.object({ status: z.enum(TASK_STATUSES) }).openapi('DialogueTaskStatus');

export const MeetingsQuery = z.object({
  area: z.string().max(40).optional(),
  from: z.iso.datetime().optional(),
});

export const TasksQuery = z.object({
  status: z.enum(TASK_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dialogue: z.string().max(40).optional(),
});
