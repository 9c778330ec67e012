/**
 * JSON API of the dialogues module, mounted under /api/v1. Public dialogues and public meetings are open to read
 * (what the progress pages and the calendar feed show); a caller with dialogues.read (API token) also gets the
 * internal dialogues of their programme areas, with all meetings, tasks and the participants; creating a dialogue (dialogues.manage), listing tasks in
 * scope (dialogues.read) and changing a task's status (dialogues.contribute in the dialogue's areas, or the
 * participant's own account) need an API token.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errors } from '../../platform/errors';
import { newApi } from '../../platform/http/api';
import { svc } from '../../platform/http/service-context';
import { getAreaBySlug } from '../territory';
import * as q from './dialogues.queries';
import { isOverdue } from './dialogues.rules';
import { CreateDialogueBody, DialogueSchema, IdParam, MeetingSchema, MeetingsQuery, ParticipantSchema, TaskSchema, TaskStatusBody, TasksQuery } from './dialogues.schema';
import { canOnDialogue, createDialogue, listDialoguesForStaff, listPublicDialogues, listTasksForStaff, namedParticipants, setTaskStatus, tdb, today } from './dialogues.service';
import { can } from '../../platform/auth/policy';
import type { Dialogue, Meeting, Task } from './dialogues.types';

export const api = newApi();

const TAGS = ['Dialogues'];
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string() }).openapi('DialogueProblem');
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const presentDialogue = (d: Dialogue) => ({ id: d.id, title: d.title, goal: d.goal, initiator: d.initiator, phase: d.phase, public: d.public, areaIds: d.areaIds, topicIds: d.topicIds, updatedAt: d.updatedAt });
const presentMeeting = (m: Meeting) => ({ id: m.id, dialogueId: m.dialogueId, type: m.type, title: m.title, startsAt: m.startsAt, endsAt: m.endsAt, place: m.place, status: m.status, registration: m.registration, capacity: m.capacity });
const presentTask = (x: Task, day: string) => ({ id: x.id, dialogueId: x.dialogueId, meetingId: x.meetingId, title: x.title, participantId: x.participantId, dueDate: x.dueDate, status: x.status, public: x.public, overdue: isOverdue(x, day) });

/** Accepts an area id or its slug. */
async function areaIdOf(db: Parameters<typeof getAreaBySlug>[0], v: string | undefined): Promise<string | undefined> {
  if (!v) return undefined;
  if (v.startsWith('are_') || v.includes('_')) return v;
  const a = await getAreaBySlug(db, v);
  if (!a) throw errors.notFound('area');
  return a.id;
}

api.openapi(
  createRoute({
    method: 'get',
    path: '/dialogues',
    tags: TAGS,
    summary: 'Public dialogues, and with dialogues.read also the internal ones of the caller’s areas (most recently active first)',
    request: { query: z.object({ area: z.string().max(60).optional() }) },
    responses: { 200: json(z.object({ items: z.array(DialogueSchema) }), 'Dialogues.'), 404: problem('Unknown programme area.') },
  }),
  async (c) => {
    const areaId = await areaIdOf(c.var.db, c.req.valid('query').area);
    const filter = areaId ? { areaId } : {};
    const items = await listPublicDialogues(c.var.db, filter);
    if (can(c.var.user, 'dialogues.read')) {
      const seen = new Set(items.map((d) => d.id));
      for (const d of await listDialoguesForStaff(svc(c), filter)) if (!seen.has(d.id)) items.push(d);
      items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
    }
    return c.json({ items: items.map(presentDialogue) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/dialogues/{id}',
    tags: TAGS,
    summary: 'One dialogue with its meetings and tasks: what is public, or everything (and the participants) with dialogues.read in its areas',
    request: { params: IdParam },
    responses: { 200: json(DialogueSchema.extend({ meetings: z.array(MeetingSchema), tasks: z.array(TaskSchema), participants: z.array(ParticipantSchema) }), 'The dialogue.'), 404: problem('No such dialogue (or not public).') },
  }),
  async (c) => {
    const d = await q.findDialogue(tdb(c.var.db), c.req.valid('param').id);
    const staff = !!d && canOnDialogue(c.var.user, 'dialogues.read', d);
    if (!d || (!d.public && !staff)) throw errors.notFound('dialogue');
    const meetings = (await q.listMeetings(tdb(c.var.db), d.id)).filter((m) => staff || m.public);
    const tasks = await q.listTasks(tdb(c.var.db), { dialogueIds: [d.id], publicOnly: !staff });
    const participants = staff ? await namedParticipants(c.var.db, await q.listParticipants(tdb(c.var.db), d.id)) : [];
    const day = today();
    return c.json(
      {
        ...presentDialogue(d),
        meetings: meetings.map(presentMeeting),
        tasks: tasks.map((x) => presentTask(x, day)),
        participants: participants.map((p) => ({ id: p.id, kind: p.kind, refId: p.refId, name: p.name, logic: p.logic, interests: p.interests, positions: p.positions })),
      },
      200,
    );
  },
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/dialogues',
    tags: TAGS,
    summary: 'Start a dialogue (dialogues.manage in every programme area named)',
    security: [{ bearerAuth: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: CreateDialogueBody } } } },
    responses: { 201: json(DialogueSchema, 'The new dialogue.'), 401: problem('No or an invalid API token.'), 403: problem('Not allowed.'), 422: problem('Invalid input; `errors` lists the fields.') },
  }),
  async (c) => {
    const b = c.req.valid('json');
    const d = await createDialogue(svc(c), { ...b, publicSummary: b.publicSummary ?? null });
    return c.json(presentDialogue(d), 201);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/meetings',
    tags: TAGS,
    summary: 'Public meetings of public dialogues (optionally of one programme area, from an instant)',
    request: { query: MeetingsQuery },
    responses: { 200: json(z.object({ items: z.array(MeetingSchema) }), 'Public meetings, earliest first.'), 404: problem('Unknown programme area.'), 422: problem('Invalid query.') },
  }),
  async (c) => {
    const qy = c.req.valid('query');
    const areaId = await areaIdOf(c.var.db, qy.area);
    const items = await q.listPublicMeetings(tdb(c.var.db), { ...(areaId ? { areaId } : {}), ...(qy.from ? { from: new Date(qy.from).toISOString() } : {}) });
    return c.json({ items: items.map(presentMeeting) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/dialogue-tasks',
    tags: TAGS,
    summary: 'Agreements/tasks of the dialogues in the caller’s scope (dialogues.read)',
    security: [{ bearerAuth: [] }],
    request: { query: TasksQuery },
    responses: { 200: json(z.object({ items: z.array(TaskSchema) }), 'Tasks, by due date.'), 401: problem('No or an invalid API token.'), 403: problem('Not allowed.') },
  }),
  async (c) => {
    const qy = c.req.valid('query');
    const items = await listTasksForStaff(svc(c), { ...(qy.status ? { status: qy.status } : {}), overdue: qy.overdue === 'true', ...(qy.dialogue ? { dialogueId: qy.dialogue } : {}) });
    const day = today();
    return c.json({ items: items.map((x) => presentTask(x, day)) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/dialogue-tasks/{id}/status',
    tags: TAGS,
    summary: 'Change a task’s status (dialogues.contribute in scope, or the account granted for the responsible participant)',
    security: [{ bearerAuth: [] }],
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: TaskStatusBody } } } },
    responses: { 200: json(TaskSchema, 'The task after the change.'), 401: problem('No or an invalid API token.'), 403: problem('Not allowed.'), 404: problem('No such task.'), 422: problem('Invalid input.') },
  }),
  async (c) => {
    const x = await setTaskStatus(svc(c), c.req.valid('param').id, c.req.valid('json').status);
    return c.json(presentTask(x, today()), 200);
  },
);
