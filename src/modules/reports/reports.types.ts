/** Domain types of the reports module. */
import type { IndicatorRow } from './reports.csv';
import type { ConcernActivity, ContactActivity, DialogueActivity, GroupActivity, OfficeActivity } from '../../platform/reporting';
import type { Period } from './reports.figures';

/** A stored social indicator: an imported CSV row and when it was imported. */
export interface Indicator extends IndicatorRow {
  importedAt: string;
}

/** What a report covers: one programme area, or the programme (all areas, or the areas in the reader's scope). */
export interface ReportScope {
  kind: 'area' | 'programme';
  /** 'programme' or the area id (key of narratives and audit entries). */
  key: string;
  name: string;
  slug: string | null;
  areaIds: string[];
  /** The programme areas of the scope (one for an area report). */
  areas: { id: string; name: string; slug: string }[];
  /** Stadtteile of the scope (numbers). */
  districts: { number: number; name: string }[];
  /** true when a programme report is limited to the reader's areas (not every area). */
  partial: boolean;
}

/** A figure of the current period and of the previous one. */
export interface Compare<T> {
  current: T;
  previous: T;
}

/**
 * The figures of a scope for a period and the previous one, each read from the module that keeps the data through
 * its index.ts (SQL aggregates, see src/platform/reporting.ts).
 */
export interface Dashboard {
  scope: ReportScope;
  period: Period;
  previous: Period;
  concerns: Compare<ConcernActivity>;
  contacts: Compare<ContactActivity>;
  dialogues: Compare<DialogueActivity>;
  offices: Compare<OfficeActivity>;
  groups: Compare<GroupActivity>;
  /** Whether the reader's role may see the advice statistics (advice.read); when not, the advice tables are left out. */
  adviceVisible: boolean;
  /** Labels of the keys in the reader's language: concern categories, organisation types, programme areas (by id/key). */
  labels: { categories: Record<string, string>; orgTypes: Record<string, string>; areas: Record<string, string> };
  indicators: Indicator[];
}
