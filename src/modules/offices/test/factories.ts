/**
 * Test factories of the offices module: service contexts for a role, an office with weekly hours in a programme
 * area and a room (the territory must be seeded by the test).
 */
import type { Role } from '../../../platform/auth/policy';
import type { Config } from '../../../platform/config';
import { forTenant, type TenantDb } from '../../../platform/db/tenant-scope';
import type { CurrentUser, Tenant } from '../../../platform/http/context';
import type { TestApp } from '../../../../test/support/app';
import { HOURS, officeInput, roomInput } from '../../../../test/support/offices';
import { addDays } from '../../../platform/calendar';
import { createOffer, createOffice, createRoom, requestBooking, type OfficeInput, type OfficesContext, type RoomInput } from '../index';
import type { Office, Room } from '../offices.types';

export { HOURS, officeInput, roomInput };

export function tenantOf(t: TestApp, tenantId = t.tenant.id): Tenant {
  const row = tenantId === t.tenant.id ? t.tenant : t.other;
  return { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' };
}

export function principal(role: Role, opts: { areaIds?: string[]; id?: string } = {}): CurrentUser {
  const all = !opts.areaIds;
  return {
    id: opts.id ?? `usr_test${role.replace(/_/g, '')}`,
    email: `${role}@example.test`,
    displayName: `Test ${role}`,
    organisation: null,
    locale: null,
    assignments: [{ role, allAreas: role === 'admin' || all, areaIds: opts.areaIds ?? [], department: null }],
  };
}

export function ctxFor(t: TestApp, user: CurrentUser | null, opts: { tenantId?: string; mail?: boolean; now?: Date; db?: TenantDb<any> } = {}): OfficesContext & { db: TenantDb<any> } {
  const tenant = tenantOf(t, opts.tenantId);
  return {
    tenant,
    db: opts.db ?? forTenant(t.handle.db, tenant.id),
    user,
    requestId: null,
    dialect: t.handle.dialect,
    mail: opts.mail ? { config: t.config as Config, linkBase: 'http://essen.test' } : null,
    ...(opts.now ? { now: opts.now } : {}),
  };
}

export async function makeOffice(t: TestApp, areaId: string, over: Partial<OfficeInput> = {}, tenantId?: string): Promise<Office> {
  return createOffice(ctxFor(t, principal('admin'), { tenantId }), officeInput(areaId, over));
}

export async function makeRoom(t: TestApp, officeId: string, over: Partial<RoomInput> = {}, tenantId?: string): Promise<Room> {
  return createRoom(ctxFor(t, principal('admin'), { tenantId }), roomInput(officeId, over));
}

/**
 * One of everything in a programme area, for the cross-cutting tests (policy matrix, tenant isolation): an office
 * with a room, a requested recurring booking and a published offer (with registration) in that room.
 */
export async function officesFixture(t: TestApp, areaId: string, tenantId?: string): Promise<{ officeId: string; officeSlug: string; roomId: string; bookingId: string; offerId: string }> {
  const always = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
  const office = await makeOffice(t, areaId, { hours: always, closedOnHolidays: false }, tenantId);
  const room = await makeRoom(t, office.id, { leadHours: 0, maxMinutes: 600 }, tenantId);
  const ctx = ctxFor(t, principal('admin'), { tenantId });
  const start = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const booking = await requestBooking(ctx, { roomId: room.id, title: 'Fixture-Buchung', date: start, time: '10:00', durationMinutes: 60, requesterKind: 'staff', contactName: 'Fixture Person', contactEmail: 'fixture@example.test', recurrence: { freq: 'weekly', until: addDays(start, 21) } });
  const { offer } = await createOffer(ctx, { officeId: office.id, roomId: room.id, title: 'Fixture-Angebot', date: start, time: '14:00', durationMinutes: 90, recurrence: { freq: 'weekly', until: addDays(start, 21) }, registration: true, capacity: 5, publish: true });
  return { officeId: office.id, officeSlug: office.slug, roomId: room.id, bookingId: booking.booking.id, offerId: offer.id };
}
