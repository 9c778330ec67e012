/** Domain types of the concerns module (what services return; database rows never leave the queries). */
import type { Locale } from '../../platform/i18n';

export const STATUSES = ['received', 'accepted', 'forwarded', 'in_progress', 'resolved', 'not_responsible', 'rejected', 'duplicate'] as const;
export type Status = (typeof STATUSES)[number];

export const CHANNELS = ['web', 'office_visit', 'phone', 'email', 'outreach', 'meeting', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels staff may choose when entering a concern on behalf of a resident. */
export const STAFF_CHANNELS = ['office_visit', 'phone', 'email', 'outreach', 'meeting'] as const satisfies readonly Channel[];

export type Labels = { de: string; en: string | null; ar: string | null };

export interface Question {
  key: string;
  label: Labels;
  type: 'text' | 'number' | 'choice' | 'boolean';
  required: boolean;
  choices?: { value: string; label: Labels }[];
}

export interface Category {
  id: string;
  key: string;
  labels: Labels;
  department: string | null;
  handlingDays: number;
  questions: Question[];
  open311: { endpoint: string | null; serviceCode: string | null; jurisdictionId: string | null };
  active: boolean;
  sortOrder: number;
}

export type Answers = Record<string, string | number | boolean>;

/** What anyone may see. */
export interface PublicConcern {
  id: string;
  number: string;
  categoryId: string;
  description: string;
  answers: Answers;
  lat: number | null;
  lon: number | null;
  address: string | null;
  districtNumber: number | null;
  districtName: string | null;
  areaId: string | null;
  status: Status;
  statusReason: string | null;
  duplicateOf: string | null;
  department: string | null;
  supportCount: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** The public fields an Open311 service request is made of (the list reads only these columns). */
export type Open311Concern = Pick<
  PublicConcern,
  'id' | 'number' | 'categoryId' | 'description' | 'lat' | 'lon' | 'address' | 'districtNumber' | 'districtName' | 'status' | 'statusReason' | 'department' | 'createdAt' | 'updatedAt' | 'closedAt'
>;

/** The full record for staff (submitter fields only shown to roles with concerns.contact). */
export interface Concern extends PublicConcern {
  channel: Channel;
  assigneeId: string | null;
  dueDate: string | null;
  public: boolean;
  submitter: { name: string | null; email: string | null; phone: string | null; locale: Locale | null };
  subscribed: boolean;
  emailConfirmedAt: string | null;
  createdBy: string | null;
  anonymisedAt: string | null;
}

export interface ConcernEvent {
  id: string;
  at: string;
  kind: 'created' | 'status' | 'note' | 'forward' | 'assign' | 'merge' | 'redaction' | 'edit' | 'support';
  visibility: 'public' | 'internal';
  actorId: string | null;
  actorLabel: string;
  fromStatus: Status | null;
  toStatus: Status | null;
  text: string | null;
  data: Record<string, unknown>;
}

export interface Supporter {
  id: string;
  fingerprint: string;
  email: string | null;
  locale: Locale | null;
  emailConfirmedAt: string | null;
  createdAt: string;
}
