/** Domain types of the reports module. */
import type { IndicatorRow } from './reports.csv';
import type { AdviceFigures, ConcernFigures, Period } from './reports.figures';

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

/** A dashboard section fed by a module that does not yet expose its figures. */
export interface PendingSection {
  key: 'contacts' | 'dialogues' | 'meetings' | 'offers' | 'rooms' | 'advice' | 'groups' | 'firstAnswer';
}

export interface Dashboard {
  scope: ReportScope;
  period: Period;
  previous: Period;
  concerns: {
    current: ConcernFigures;
    previous: ConcernFigures;
    categories: Record<string, string>;
    /** Concerns received per programme area (programme reports only; [] for an area report). */
    byArea: { areaId: string; name: string; current: number; previous: number }[];
  };
  /** Advice (offices module); null when the reader's role may not see advice statistics (advice.read). */
  advice: { current: AdviceFigures; previous: AdviceFigures } | null;
  pending: PendingSection[];
  indicators: Indicator[];
}
