/**
 * The one policy module: it decides every permission in Quartier.
 *
 * - ACTIONS lists every action with the roles that may perform it and whether it is scoped by programme area.
 * - `can(principal, action, resource?)` answers allow/deny. For a scoped action on a resource, one of the
 *   principal's assignments with a permitted role must cover one of the resource's programme areas, or be granted
 *   for all areas. A resource outside every programme area (areaIds = []) is only for "all areas" assignments.
 *   `admin` is tenant-wide.
 * - Every HTTP route is mapped to a RoutePolicy (see http/guard.ts); a route without an entry is refused, and the
 *   matrix test fails.
 */
import { errors } from '../errors';

export const ROLES = ['admin', 'coordinator', 'moderator', 'district_worker', 'office_staff', 'department_staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ROLES;
const ALL: readonly Role[] = ROLES;
const MANAGERS: readonly Role[] = ['admin', 'coordinator'];

export interface ActionRule {
  roles: readonly Role[];
  /** Scoped actions, when applied to a resource, need an assignment covering the resource's programme area. */
  scoped: boolean;
}

export const ACTIONS = {
  /** Staff area: start page, own account. */
  'staff.use': { roles: ALL, scoped: false },
  /** Territory (Stadtteile, programme areas, funding periods, topics). */
  'territory.read': { roles: ALL, scoped: false },
  'territory.manage': { roles: MANAGERS, scoped: true },
  'territory.create_area': { roles: MANAGERS, scoped: false },
  'topics.manage': { roles: MANAGERS, scoped: false },
  'funding.manage': { roles: MANAGERS, scoped: false },
  /**
   * Concerns (Anliegen). Role sets:
   * - read: every staff role except viewer (politics/funders see reports only, never single concerns); scoped by
   *   programme area — department_staff by department instead: they see what was forwarded to their department.
   * - triage (accept, forward, assign, reject, mark duplicate, merge, bulk actions, entry on behalf of a resident,
   *   CSV export): the neighbourhood-management roles, scoped by area.
   * - answer (public/internal notes, in progress / resolved / not responsible): the triage roles and
   *   department_staff (for their department only).
   * - moderate (edit and redact text and photos): admin, coordinator, moderator, office_staff; scoped.
   * - contact (see the submitter's name, e-mail, phone; in CSV too): admin, coordinator, moderator, office_staff.
   * - categories.manage: the service catalogue (admin, coordinator).
   * A concern outside every programme area (areaIds: []) is only for "all areas" assignments (see can()).
   */
  'concerns.read': { roles: ['admin', 'coordinator', 'moderator', 'district_worker', 'office_staff', 'department_staff'], scoped: true },
  'concerns.triage': { roles: ['admin', 'coordinator', 'moderator', 'district_worker', 'office_staff'], scoped: true },
  'concerns.answer': { roles: ['admin', 'coordinator', 'moderator', 'district_worker', 'office_staff', 'department_staff'], scoped: true },
  'concerns.moderate': { roles: ['admin', 'coordinator', 'moderator', 'office_staff'], scoped: true },
  'concerns.contact': { roles: ['admin', 'coordinator', 'moderator', 'office_staff'], scoped: true },
  'categories.manage': { roles: MANAGERS, scoped: false },
  /**
   * Dialogues (moderated dialogue processes, meetings, minutes, agreements/tasks), scoped by programme area:
   * - read: the neighbourhood-management roles; office staff see them too.
   * - contribute (interests and stances, attendance, minutes, task status): moderators and district workers.
   * - manage (create and edit, phases, participants, meetings, invitations, tasks, access grants): moderators.
   * Participants from the administration or institutions get no role for this: a per-dialogue grant lets any
   * account see only its dialogues and tasks under /my/dialogues (ADR 0009).
   */
  'dialogues.read': { roles: ['admin', 'coordinator', 'moderator', 'district_worker', 'office_staff'], scoped: true },
  'dialogues.contribute': { roles: ['admin', 'coordinator', 'moderator', 'district_worker'], scoped: true },
  'dialogues.manage': { roles: ['admin', 'coordinator', 'moderator'], scoped: true },
  /**
   * Network (organisations, people, relationships, contact log, network view). Role sets:
   * - read and edit: the neighbourhood-management roles who work with actors — admin, coordinator, moderator,
   *   district_worker — scoped by programme area (an organisation's or person's areas, a contact's area; a record
   *   outside every area only for "all areas" assignments). office_staff, department_staff and viewer see nothing
   *   here: people's names and work contacts and the contact log are personal data.
   * - gdpr (export a person's data, erase/anonymise, the inactivity review list): admin and coordinator, scoped.
   * - types.manage: the organisation type catalogue (admin, coordinator), tenant-wide.
   */
  'network.read': { roles: ['admin', 'coordinator', 'moderator', 'district_worker'], scoped: true },
  'network.edit': { roles: ['admin', 'coordinator', 'moderator', 'district_worker'], scoped: true },
  'network.gdpr': { roles: MANAGERS, scoped: true },
  'network.types.manage': { roles: MANAGERS, scoped: false },
  /** Open311: the api_keys Quartier sends to external endpoints and the forwarding state (secrets: admin only). */
  'open311.manage': { roles: ['admin'], scoped: false },
  /** Users and roles. */
  'users.manage': { roles: ['admin'], scoped: false },
  /** Audit log (read only; nobody can change it). */
  'audit.read': { roles: ['admin'], scoped: false },
  /** Background jobs: see the queue and failures; put a failed or dead job back in the queue (audited). */
  'jobs.read': { roles: ['admin'], scoped: false },
  'jobs.manage': { roles: ['admin'], scoped: false },
  /**
   * Groups (residents' groups on their way to self-sustaining structures), scoped by the group's programme area.
   * - read: the neighbourhood-management roles and office staff (who host groups in their rooms); not viewer
   *   (reports only) and not department_staff (no part in group work).
   * - manage (create, edit, stage changes, support time, milestones, publish an offer, booking links for the
   *   contact person): district workers in their areas, coordinators and admins. Only managers see the contact
   *   person's name; readers see whether the group has one.
   */
  'groups.read': { roles: ['admin', 'coordinator', 'moderator', 'district_worker', 'office_staff'], scoped: true },
  'groups.manage': { roles: ['admin', 'coordinator', 'district_worker'], scoped: true },
  /**
   * Participation (proposals, comments, surveys), scoped by the proposal's or survey's programme area. Residents
   * need no action (public pages and forms with e-mail confirmation).
   * - manage (see unpublished proposals, approve, status and public answers, area settings, surveys, free-text
   *   release, CSV export of results): the neighbourhood-management roles.
   * - moderate (queue of reported comments, hide with a public reason, dismiss reports): the same roles.
   */
  'participation.manage': { roles: ['admin', 'coordinator', 'moderator', 'district_worker'], scoped: true },
  'participation.moderate': { roles: ['admin', 'coordinator', 'moderator', 'district_worker'], scoped: true },
  /**
   * District offices (Stadtteilbüros), rooms, bookings, offers and the advice log, scoped by the office's programme
   * area. Public pages (office, hours, free/busy without names, offers calendar, registration) need no action.
   * - offices.read (staff views: bookings with the requester's contact, offers with registrations): the
   *   neighbourhood-management roles and office staff; not viewer or department_staff.
   * - offices.manage (create/edit offices, hours, closures, rooms and their booking rules): office staff for their
   *   offices, coordinators and admins.
   * - bookings.request (enter a booking on behalf of someone, cancel it): everyone who works on site — office
   *   staff, district workers, moderators, coordinators, admins.
   * - bookings.decide (confirm or decline requests): office staff, coordinators, admins.
   * - offers.manage (create, publish, cancel offers; registrations; attendance counts): office staff and district
   *   workers (who publish their groups' activities), coordinators, admins.
   * - advice.record (anonymous advice entries) and advice.read (monthly statistics): office staff and district
   *   workers in their areas, coordinators, admins; viewer may read the statistics (counts only, no entries).
   */
  'offices.read': { roles: ['admin', 'coordinator', 'moderator', 'district_worker', 'office_staff'], scoped: true },
  'offices.manage': { roles: ['admin', 'coordinator', 'office_staff'], scoped: true },
  'bookings.request': { roles: ['admin', 'coordinator', 'moderator', 'district_worker', 'office_staff'], scoped: true },
  'bookings.decide': { roles: ['admin', 'coordinator', 'office_staff'], scoped: true },
  'offers.manage': { roles: ['admin', 'coordinator', 'district_worker', 'office_staff'], scoped: true },
  'advice.record': { roles: ['admin', 'coordinator', 'district_worker', 'office_staff'], scoped: true },
  'advice.read': { roles: ['admin', 'coordinator', 'district_worker', 'office_staff', 'viewer'], scoped: true },
  /**
   * Reports (dashboards, annual reports, exports), scoped by programme area. Reports hold aggregated figures only,
   * never a person or a single record; the public open data needs no action.
   * - read (dashboards, annual report, PDF/XLSX/CSV exports, social indicators): every role — viewer (council,
   *   funder) for its areas; a programme report for a reader without "all areas" covers only their areas.
   *   Every view and export is audited.
   * - manage (the narrative sections of annual reports): admin, coordinator, moderator; scoped.
   * - indicators.manage (import social indicators from CSV): admin and coordinator, tenant-wide.
   */
  'reports.read': { roles: ALL, scoped: true },
  'reports.manage': { roles: ['admin', 'coordinator', 'moderator'], scoped: true },
  'indicators.manage': { roles: MANAGERS, scoped: false },
  /**
   * Legal pages (imprint, privacy, accessibility statement, Leichte Sprache, sign language): edit texts per
   * language, see versions, restore one — the operator's legal responsibility, so admin only. Accessibility
   * feedback (the form the law asks for; it reaches every active admin): read, set status, record the answer.
   */
  'pages.manage': { roles: ['admin'], scoped: false },
  'accessibility_feedback.manage': { roles: ['admin'], scoped: false },
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof ACTIONS;

export interface Assignment {
  role: Role;
  allAreas: boolean;
  areaIds: readonly string[];
  department?: string | null;
}

export interface Principal {
  id: string;
  assignments: readonly Assignment[];
}

export interface Resource {
  /** The programme areas the resource belongs to ([] = outside every area). */
  areaIds?: readonly string[] | null;
  /**
   * The department a resource was forwarded to (concerns). When given (also as null), a department_staff
   * assignment covers the resource only if its department matches — never by area.
   */
  department?: string | null;
}

export function isAction(a: string): a is Action {
  return Object.prototype.hasOwnProperty.call(ACTIONS, a);
}

export function can(p: Principal | null | undefined, action: Action, resource?: Resource): boolean {
  if (!p) return false;
  const rule: ActionRule = ACTIONS[action];
  const matching = p.assignments.filter((a) => rule.roles.includes(a.role));
  if (matching.length === 0) return false;
  if (!rule.scoped || !resource || resource.areaIds === undefined || resource.areaIds === null) return true;
  const areaIds = resource.areaIds;
  return matching.some((a) => {
    if (a.role === 'department_staff' && resource.department !== undefined) return !!resource.department && a.department === resource.department;
    return a.role === 'admin' || a.allAreas || areaIds.some((id) => a.areaIds.includes(id));
  });
}

/** Throws 401/403 when the principal may not perform the action. */
export function authorize(p: Principal | null | undefined, action: Action, resource?: Resource): asserts p is Principal {
  if (!p) throw errors.unauthenticated();
  if (!can(p, action, resource)) throw errors.forbidden(action);
}

/** Areas a principal may act in for an action: 'all' or a list of ids. */
export function scopeFor(p: Principal | null | undefined, action: Action): 'all' | string[] {
  if (!p) return [];
  const rule: ActionRule = ACTIONS[action];
  const matching = p.assignments.filter((a) => rule.roles.includes(a.role));
  if (matching.some((a) => a.role === 'admin' || a.allAreas || !rule.scoped)) return 'all';
  return [...new Set(matching.flatMap((a) => a.areaIds))];
}

export function hasRole(p: Principal | null | undefined, ...roles: Role[]): boolean {
  return !!p && p.assignments.some((a) => roles.includes(a.role));
}

/** What a route requires: anyone, any signed-in staff user, or an action. */
export type RoutePolicy = 'public' | 'authenticated' | Action;
/** Route policies keyed by "METHOD /full/path" as Hono registers it. */
export type RoutePolicies = Record<string, RoutePolicy>;
