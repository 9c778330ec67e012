/** Domain types of the offices module (what services return; database rows never leave the queries). */

export interface Interval {
  /** HH:MM, Europe/Berlin */
  from: string;
  to: string;
}

/** ISO weekday ("1" = Monday … "7" = Sunday) → opening intervals. */
export type WeeklyHours = Record<string, Interval[]>;

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface Accessibility {
  stepFree: boolean;
  accessibleWc: boolean;
  hearingLoop: boolean;
}

export interface Office {
  id: string;
  slug: string;
  name: string;
  areaId: string;
  street: string | null;
  postcode: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  phone: string | null;
  email: string | null;
  description: string | null;
  hours: WeeklyHours;
  closedOnHolidays: boolean;
  accessibility: Accessibility;
  accessibilityNotes: string | null;
  languages: string[];
  staffOnDuty: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Closure {
  id: string;
  officeId: string;
  fromDate: string;
  toDate: string;
  /** null = closed all day; otherwise special hours on these days. */
  hours: Interval[] | null;
  reason: string | null;
}

export const BOOKABLE_BY = ['staff', 'groups', 'public'] as const;
export type BookableBy = (typeof BOOKABLE_BY)[number];

export const EQUIPMENT = ['projector', 'screen', 'whiteboard', 'flipchart', 'kitchen', 'wifi', 'sound', 'computer', 'childcare_corner'] as const;
export type Equipment = (typeof EQUIPMENT)[number];

export interface Room {
  id: string;
  officeId: string;
  name: string;
  capacity: number;
  equipment: string[];
  accessibility: Accessibility;
  withinOpeningHours: boolean;
  minMinutes: number;
  maxMinutes: number;
  leadHours: number;
  bookableBy: BookableBy;
  active: boolean;
}

export const BOOKING_STATUSES = ['requested', 'confirmed', 'declined', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const REQUESTER_KINDS = ['staff', 'group', 'public', 'offer'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

export interface Booking {
  id: string;
  roomId: string;
  title: string;
  purpose: string | null;
  requesterKind: RequesterKind;
  groupId: string | null;
  offerId: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactLocale: string | null;
  status: BookingStatus;
  startDate: string;
  startTime: string;
  durationMinutes: number;
  rrule: string | null;
  exdates: string[];
  firstStart: string;
  lastEnd: string;
  decisionNote: string | null;
  sequence: number;
  createdAt: string;
}

export interface BookingOccurrence {
  bookingId: string;
  date: string;
  roomId: string;
  startAt: string;
  endAt: string;
  cancelled: boolean;
}

/** A clash with an existing booking (staff see the title; the public only the time). */
export interface Conflict {
  date: string;
  start: string;
  end: string;
  bookingId: string;
  title: string;
}

export const OFFER_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const TARGET_GROUPS = ['everyone', 'children', 'youth', 'families', 'parents', 'seniors', 'women', 'men', 'newcomers', 'people_with_disabilities'] as const;

export interface Offer {
  id: string;
  officeId: string;
  areaId: string;
  roomId: string | null;
  bookingId: string | null;
  groupId: string | null;
  title: string;
  description: string | null;
  startDate: string;
  startTime: string;
  durationMinutes: number;
  rrule: string | null;
  exdates: string[];
  firstStart: string;
  lastEnd: string;
  targetGroups: string[];
  languages: string[];
  cost: string | null;
  accessibilityNotes: string | null;
  registration: boolean;
  capacity: number | null;
  status: OfferStatus;
  createdAt: string;
  updatedAt: string;
}

export interface OfferSession {
  offerId: string;
  date: string;
  start: string;
  end: string;
}

export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export interface Registration {
  id: string;
  offerId: string;
  name: string;
  email: string;
  places: number;
  status: RegistrationStatus;
  createdAt: string;
}

export const CHANNELS = ['in_person', 'phone', 'email', 'video', 'outreach'] as const;
export const ADVICE_TOPICS = ['benefits', 'housing', 'debt', 'work', 'education', 'childcare', 'health', 'residence', 'language', 'forms', 'neighbourhood', 'other'] as const;
export const ADVICE_TARGET_GROUPS = ['family', 'single_parent', 'senior', 'youth', 'newcomer', 'adult', 'other'] as const;
export const REFERRALS = ['jobcenter', 'social_office', 'youth_office', 'housing_office', 'immigration_office', 'debt_counselling', 'migration_service', 'health_service', 'family_centre', 'welfare_association', 'other'] as const;
export const LANGUAGES = ['de', 'en', 'ar', 'tr', 'ru', 'uk', 'pl', 'ro', 'bg', 'fa', 'ku', 'fr', 'es', 'it', 'sq'] as const;

export interface AdviceEntry {
  id: string;
  officeId: string;
  areaId: string;
  date: string;
  channel: string;
  topics: string[];
  language: string;
  targetGroup: string | null;
  referrals: string[];
  durationMinutes: number;
  followUp: boolean;
  createdAt: string;
}

export interface AdviceMonth {
  month: string;
  officeId: string;
  entries: number;
  minutes: number;
  followUps: number;
  byChannel: Record<string, number>;
  byTopic: Record<string, number>;
  byLanguage: Record<string, number>;
  byReferral: Record<string, number>;
}

/** "Open now / opens at …" in Europe/Berlin. */
export type OpenState =
  | { open: true; until: string }
  | { open: false; next: { date: string; time: string } | null };
