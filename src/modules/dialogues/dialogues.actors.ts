/**
 * The dialogues module's one door to the network module (organisations and people: names, logics and programme
 * areas of the actors who take part, the choice lists for the participant form) and to the offices module (rooms
 * for meetings and their bookings). Only the entry points of those modules are imported.
 */
import type { TenantDb } from '../../platform/db/tenant-scope';
import { AppError, errors } from '../../platform/errors';
import type { ServiceContext } from '../../platform/http/context';
import { cancelBooking, listRoomChoices, requestBooking } from '../offices';
import { getOrganisationRefs, getPersonRefs, listOrganisationChoices, listPersonChoices, LOGICS, touchPeople, type Logic } from '../network';

export { touchPeople };
import type { ParticipantKind } from './dialogues.rules';

export { LOGICS, type Logic };

export interface ActorRef {
  kind: ParticipantKind;
  id: string;
  name: string;
  /** Organisations: their logic; people: the logic of their first organisation (if any). */
  logic: Logic | null;
  organisations: string[];
  areaIds: string[];
}

export function isLogic(v: unknown): v is Logic {
  return typeof v === 'string' && (LOGICS as readonly string[]).includes(v);
}

/** Resolves actors by kind and id; unknown (or erased) ids are missing from the map. Key: `${kind}:${id}`. */
export async function actorRefs(db: TenantDb<any>, items: { kind: ParticipantKind; refId: string }[]): Promise<Map<string, ActorRef>> {
  const out = new Map<string, ActorRef>();
  const orgIds = [...new Set(items.filter((i) => i.kind === 'organisation').map((i) => i.refId))];
  const personIds = [...new Set(items.filter((i) => i.kind === 'person').map((i) => i.refId))];
  const orgs = orgIds.length ? await getOrganisationRefs(db, orgIds) : [];
  for (const o of orgs) out.set(`organisation:${o.id}`, { kind: 'organisation', id: o.id, name: o.name, logic: o.logic, organisations: [], areaIds: [...o.areaIds] });
  const people = personIds.length ? await getPersonRefs(db, personIds) : [];
  const memberOrgs = [...new Set(people.flatMap((p) => p.organisations.map((o) => o.id)))];
  const orgLogic = new Map((memberOrgs.length ? await getOrganisationRefs(db, memberOrgs) : []).map((o) => [o.id, o.logic]));
  for (const p of people) {
    const first = p.organisations[0];
    out.set(`person:${p.id}`, {
      kind: 'person',
      id: p.id,
      name: p.name,
      logic: first ? (orgLogic.get(first.id) ?? null) : null,
      organisations: p.organisations.map((o) => (o.role ? `${o.name} (${o.role})` : o.name)),
      areaIds: [...p.areaIds],
    });
  }
  return out;
}

export interface ActorChoice {
  value: string;
  label: string;
}

/** Organisations and people a user may pick as participants (within the given programme areas). */
export async function actorChoices(db: TenantDb<any>, areaIds: 'all' | string[]): Promise<{ organisations: ActorChoice[]; people: ActorChoice[] }> {
  const [orgs, people] = await Promise.all([listOrganisationChoices(db, { areaIds }), listPersonChoices(db, { areaIds })]);
  return {
    organisations: orgs.map((o) => ({ value: `organisation:${o.id}`, label: o.name })),
    people: people.map((p) => ({ value: `person:${p.id}`, label: p.name })),
  };
}

/* ---------------------------------------------------------------- rooms (offices module) */

export interface RoomChoice {
  value: string;
  label: string;
  officeName: string;
  roomName: string;
}

/** Rooms of the district offices in the given programme areas, for the meeting form. */
export async function roomChoices(db: TenantDb<any>, areaIds: string[]): Promise<RoomChoice[]> {
  const rooms = await listRoomChoices(db, { areaIds });
  return rooms.map((r) => ({ value: r.id, label: `${r.officeName} – ${r.name}`, officeName: r.officeName, roomName: r.name }));
}

/**
 * Books a room for a meeting through the offices module (requested as staff; confirmed at once when the user may
 * decide bookings). A clash or a rule of the room becomes a field error on `roomId`.
 */
export async function bookRoom(ctx: ServiceContext, input: { roomId: string; title: string; date: string; time: string; durationMinutes: number }): Promise<{ bookingId: string; status: string }> {
  try {
    const r = await requestBooking({ ...ctx, mail: null }, { ...input, requesterKind: 'staff', confirm: true });
    return { bookingId: r.booking.id, status: r.status };
  } catch (e) {
    if (e instanceof AppError && e.status === 409) throw errors.validation([{ field: 'roomId', key: 'dialogues.error.roomBusy' }]);
    if (e instanceof AppError && e.status === 422) throw errors.validation((e.details.fields ?? []).map((f) => ({ ...f, field: 'roomId' })));
    throw e;
  }
}

export async function cancelRoomBooking(ctx: ServiceContext, bookingId: string): Promise<void> {
  await cancelBooking({ ...ctx, mail: null }, bookingId);
}
