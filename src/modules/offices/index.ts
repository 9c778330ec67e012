/**
 * Offices module (Stadtteilbüros) — the ONLY import surface for other modules.
 *
 * District offices with opening hours (weekly, exceptions, NRW holidays) and "open now / opens at"; rooms with
 * booking rules; conflict-free bookings (single or recurring, RRULE + exceptions) requested by staff, by a group's
 * contact person or through the public form, confirmed or declined with an e-mail; free/busy and iCalendar feeds
 * per room; offers (Angebote) with automatic room booking, registration, waiting list and attendance counts, the
 * public calendar per programme area and office with iCalendar feeds and schema.org JSON-LD; the anonymous
 * advice log (Beratung) with monthly statistics.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { registerOfficeAccounts } from './offices.accounts';
import { api } from './offices.api';
import { registerOfficeJobs } from './offices.jobs';
import { pages, routes } from './offices.pages';

export {
  addClosure,
  adviceStatistics,
  attendanceOf,
  bookingOccurrences,
  cancelBooking,
  cancelRegistration,
  canOnOffice,
  confirmBooking,
  createOffer,
  createOffice,
  createRoom,
  declineBooking,
  findConflicts,
  getBooking,
  getOffer,
  getOffice,
  getOfficeBySlug,
  getRoom,
  isConflict,
  listOffersForStaff,
  listOffices,
  listPublishedOffers,
  listRoomChoices,
  listRooms,
  officeStatus,
  offerSessions,
  publicCalendar,
  recordAdvice,
  recordAttendance,
  registerForOffer,
  requestBooking,
  roomBusy,
  scheduleOf,
  setOfferStatus,
  updateOffice,
  updateRoom,
  type AdviceInput,
  type BookingInput,
  type BookingResult,
  type CalendarEntry,
  type MailOut,
  type OfferInput,
  type OfferResult,
  type OfficeInput,
  type OfficesContext,
  type RecurrenceSpec,
  type RoomInput,
} from './offices.service';
export { intervalsText, nextOfferSessions, officesNow, OpenBadge, type OfficeNow } from './offices.portal';
export { officeActivity } from './offices.figures';
export { CELL_MINUTES, MAX_SERIES_DAYS } from './offices.rules';
export type {
  AdviceEntry,
  AdviceMonth,
  BookableBy,
  Booking,
  BookingOccurrence,
  BookingStatus,
  Closure,
  Conflict,
  Interval,
  Offer,
  OfferSession,
  OfferStatus,
  Office,
  OpenState,
  Registration,
  RequesterKind,
  Room,
  WeeklyHours,
} from './offices.types';
export type { OfficesTables } from './offices.tables';
export { seedDemoOffices } from './offices.demo';

// Residents' accounts: the export and deletion cover offer registrations and booking contacts kept under the address.
registerOfficeAccounts();
// Storage limitation (ADR 0035): registrations and booking contacts are erased some days after the offer or booking ended.
registerOfficeJobs();

export const officesModule: QuartierModule = {
  name: 'offices',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  api,
  routes,
  publicLinks: [{ href: '/offices', labelKey: 'offices.public.linkOffices', order: 20 }, { href: '/offers', labelKey: 'offices.public.linkOffers', order: 21 }],
  nav: [
    { href: '/staff/offices', labelKey: 'offices.nav.offices', action: 'offices.read', order: 30 },
    { href: '/staff/bookings', labelKey: 'offices.nav.bookings', action: 'offices.read', order: 31 },
    { href: '/staff/offers', labelKey: 'offices.nav.offers', action: 'offers.manage', order: 32 },
    { href: '/staff/advice', labelKey: 'offices.nav.advice', action: 'advice.read', order: 33 },
  ],
};
