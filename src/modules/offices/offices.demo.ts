/**
 * Demo offices: the district offices of the four programme areas (fictional addresses, marked "(Demo)") with
 * opening hours, a closure, rooms, recurring offers (one with registration), a booking request and a few
 * anonymous advice entries — written through the same services as real ones. Idempotent: nothing is added when
 * the tenant has offices.
 */
import { addDays, berlinDate } from '../../platform/calendar';
import { dialectOf } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import type { CurrentUser } from '../../platform/http/context';
import { listAreas } from '../territory';
import * as q from './offices.queries';
import { addClosure, createOffer, createOffice, createRoom, recordAdvice, requestBooking, type OfficesContext } from './offices.service';
import type { WeeklyHours } from './offices.types';

const SYSTEM: CurrentUser = { id: 'usr_demo', email: 'demo@demo.example', displayName: 'Demo', organisation: null, locale: null, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] };

const HOURS: WeeklyHours = {
  '1': [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }],
  '2': [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '20:00' }],
  '3': [{ from: '09:00', to: '13:00' }],
  '4': [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '20:00' }],
  '5': [{ from: '09:00', to: '14:00' }],
};

const OFFICES = [
  { area: 'kray', slug: 'kray', name: 'Stadtteilbüro Kray (Demo)', street: 'Musterstraße 1 (Demo)', postcode: '45307', languages: ['de', 'tr', 'ar'] },
  { area: 'karnap', slug: 'karnap', name: 'Stadtteilbüro Karnap (Demo)', street: 'Beispielweg 2 (Demo)', postcode: '45329', languages: ['de', 'pl'] },
  { area: 'frohnhausen', slug: 'frohnhausen', name: 'Stadtteilbüro Frohnhausen (Demo)', street: 'Probeplatz 3 (Demo)', postcode: '45145', languages: ['de', 'ar', 'ku'] },
  { area: 'bergmannsfeld', slug: 'bergmannsfeld', name: 'Stadtteilbüro Bergmannsfeld/Hörsterfeld (Demo)', street: 'Testallee 4 (Demo)', postcode: '45277', languages: ['de', 'ru', 'uk'] },
];

export async function seedDemoOffices(ctx: { db: TenantDb<any>; tenant: { id: string; slug: string; name: string }; lines?: string[] }): Promise<void> {
  const db = ctx.db;
  if ((await q.listOffices(db as unknown as q.Db)).length > 0) return;
  const s: OfficesContext = { tenant: { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name, defaultLocale: 'de' }, db, user: SYSTEM, requestId: null, dialect: dialectOf(db), mail: null };
  const areas = await listAreas(db);
  const today = berlinDate(new Date());
  // The next weekday (ISO 1–7) on or after today.
  const next = (weekday: number) => {
    for (let i = 0; i < 7; i++) {
      const d = addDays(today, i + 1);
      if (((new Date(`${d}T12:00:00Z`).getUTCDay() + 6) % 7) + 1 === weekday) return d;
    }
    return today;
  };
  let n = 0;
  for (const o of OFFICES) {
    const area = areas.find((a) => a.slug.startsWith(o.area) || a.name.toLowerCase().startsWith(o.area));
    if (!area) continue;
    const office = await createOffice(s, {
      slug: o.slug,
      name: o.name,
      areaId: area.id,
      street: o.street,
      postcode: o.postcode,
      city: 'Essen',
      lat: null,
      lon: null,
      phone: '0201 0000000 (Demo)',
      email: `${o.slug}@demo.example`,
      description: 'Anlaufstelle und Treffpunkt im Quartier: Information, Beratung, Räume und Angebote. (Demo)',
      hours: HOURS,
      closedOnHolidays: true,
      accessibility: { stepFree: true, accessibleWc: n % 2 === 0, hearingLoop: n === 0 },
      accessibilityNotes: n % 2 === 0 ? null : 'Eingang über den Hof, Klingel auf Rollstuhlhöhe. (Demo)',
      languages: o.languages,
      staffOnDuty: 'Mo–Mi: Team Stadtteilbüro; Di und Do ab 14 Uhr: Stadtteilarbeit (Demo)',
    });
    await addClosure(s, office.id, { fromDate: addDays(today, 20), toDate: addDays(today, 21), hours: null, reason: 'Teamfortbildung (Demo)' });
    const hall = await createRoom(s, { officeId: office.id, name: 'Gruppenraum (Demo)', capacity: 25, equipment: ['projector', 'wifi', 'kitchen'], accessibility: { stepFree: true, accessibleWc: true, hearingLoop: n === 0 }, withinOpeningHours: false, minMinutes: 30, maxMinutes: 240, leadHours: 48, bookableBy: 'public', active: true });
    await createRoom(s, { officeId: office.id, name: 'Beratungsraum (Demo)', capacity: 4, equipment: ['computer'], accessibility: { stepFree: true, accessibleWc: true, hearingLoop: false }, withinOpeningHours: true, minMinutes: 30, maxMinutes: 120, leadHours: 24, bookableBy: 'staff', active: true });
    const until = addDays(today, 180);
    await createOffer(s, { officeId: office.id, roomId: hall.id, title: 'Sprachcafé (Demo)', description: 'Deutsch sprechen bei Tee und Kuchen, alle Niveaus willkommen. (Demo)', date: next(2), time: '15:00', durationMinutes: 90, recurrence: { freq: 'weekly', until }, targetGroups: ['newcomers', 'everyone'], languages: ['de', ...o.languages.slice(1)], publish: true });
    await createOffer(s, { officeId: office.id, roomId: hall.id, title: 'Hausaufgabenhilfe (Demo)', description: 'Ehrenamtliche helfen bei den Hausaufgaben. (Demo)', date: next(4), time: '15:00', durationMinutes: 120, recurrence: { freq: 'weekly', until }, targetGroups: ['children', 'youth'], languages: ['de'], publish: true });
    await createOffer(s, { officeId: office.id, roomId: hall.id, title: 'Seniorentreff (Demo)', description: 'Kaffee, Gespräche und ab und zu ein Ausflug. (Demo)', date: next(3), time: '10:00', durationMinutes: 120, recurrence: { freq: 'biweekly', until }, targetGroups: ['seniors'], languages: ['de'], cost: '1 € für Kaffee (Demo)', publish: true });
    await createOffer(s, { officeId: office.id, roomId: hall.id, title: 'Nähwerkstatt (Demo)', description: 'Einmal im Monat: Kleidung reparieren und umnähen, mit Anmeldung. (Demo)', date: next(1), time: '17:00', durationMinutes: 120, recurrence: { freq: 'monthly', until }, targetGroups: ['everyone'], languages: ['de'], registration: true, capacity: 8, publish: true });
    await requestBooking({ ...s, user: null }, { roomId: hall.id, title: 'Nachbarschaftsfest – Vorbereitungstreffen (Demo)', date: addDays(next(5), 7), time: '18:00', durationMinutes: 90, requesterKind: 'public', contactName: 'Erika Beispiel (Demo)', contactEmail: 'erika@demo.example' }).catch(() => null);
    for (const [i, topics] of [['benefits'], ['housing', 'forms'], ['debt'], ['childcare', 'education']].entries()) {
      await recordAdvice(s, { officeId: office.id, date: addDays(today, -i), channel: i % 2 ? 'phone' : 'in_person', topics, language: o.languages[i % o.languages.length]!, targetGroup: i % 2 ? 'family' : 'senior', referrals: i === 2 ? ['debt_counselling'] : [], durationMinutes: 15 + 5 * i, followUp: i === 1 });
    }
    n++;
  }
  ctx.lines?.push(`  Stadtteilbüros (Demo): ${n} Büros mit Räumen, Angeboten und Beratungsstatistik – /offices, /offers`);
}
