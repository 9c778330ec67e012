/**
 * Inputs of a district office and a room for tests of any module (the offices module's own factories and the
 * other modules' and browser tests use these, so that a new required field is added in one place).
 */
import type { OfficeInput, RoomInput } from '../../src/modules/offices';

/** Mon–Fri 09:00–20:00, Saturday 10:00–14:00. */
export const HOURS = {
  '1': [{ from: '09:00', to: '20:00' }],
  '2': [{ from: '09:00', to: '20:00' }],
  '3': [{ from: '09:00', to: '20:00' }],
  '4': [{ from: '09:00', to: '20:00' }],
  '5': [{ from: '09:00', to: '20:00' }],
  '6': [{ from: '10:00', to: '14:00' }],
};

let seq = 0;

export function officeInput(areaId: string, over: Partial<OfficeInput> = {}): OfficeInput {
  seq += 1;
  const slug = `buero-${seq}-${Math.random().toString(36).slice(2, 6)}`;
  return {
    slug,
    name: `Stadtteilbüro Test ${seq}`,
    areaId,
    street: 'Hauptstraße 1',
    postcode: '45307',
    city: 'Essen',
    lat: 51.4746,
    lon: 7.0869,
    phone: '0201 123456',
    email: `${slug}@example.test`,
    description: null,
    hours: HOURS,
    closedOnHolidays: true,
    accessibility: { stepFree: true, accessibleWc: true, hearingLoop: false },
    accessibilityNotes: null,
    languages: ['de', 'tr'],
    staffOnDuty: 'Mo–Fr: Team Stadtteilbüro',
    ...over,
  };
}

export function roomInput(officeId: string, over: Partial<RoomInput> = {}): RoomInput {
  return {
    officeId,
    name: 'Gruppenraum',
    capacity: 20,
    equipment: ['wifi', 'kitchen'],
    accessibility: { stepFree: true, accessibleWc: true, hearingLoop: true },
    withinOpeningHours: true,
    minMinutes: 30,
    maxMinutes: 240,
    leadHours: 48,
    bookableBy: 'public',
    active: true,
    ...over,
  };
}

/** Every day around the clock (tests that book or register at any hour). */
export const ALWAYS_OPEN: OfficeInput['hours'] = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
