/** Kysely table interfaces of the pages module (see migrations/2026_11_26_0110_pages_create.ts). */

/** Booleans: 0/1 in SQLite, true/false in PostgreSQL. Read with toBool. */
type BoolColumn = boolean | number;

export interface LegalPageVersionTable {
  tenant_id: string;
  id: string;
  slug: string;
  locale: string;
  version: number;
  body: string;
  reviewed_on: string | null;
  restored_from: number | null;
  actor_id: string | null;
  actor_label: string;
  created_at: string;
}

export interface AccessibilityFeedbackTable {
  tenant_id: string;
  id: string;
  name: string | null;
  email: string | null;
  wants_answer: BoolColumn;
  page_url: string;
  description: string;
  locale: string;
  status: string;
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PagesTables {
  legal_page_versions: LegalPageVersionTable;
  accessibility_feedback: AccessibilityFeedbackTable;
}
